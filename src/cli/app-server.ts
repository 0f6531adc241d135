// Registers `codex app-server`. Light on purpose: the server loads only when the command runs.
import { Command, Option } from "commander";
import { addConfigOverrideOptions } from "./shared-options.js";

export interface AppServerFlags {
  listen: string;
  stdio?: boolean;
  config?: string[];
  enable?: string[];
  disable?: string[];
  strictConfig?: boolean;
  wsAuth?: string;
  wsTokenFile?: string;
  wsTokenSha256?: string;
}

/** Reference flags codex-ts accepts and ignores (hidden from help): they change nothing here. */
const ACCEPTED = [
  "--analytics-default-enabled",
  "--startup-sign-out",
  "--print-startup-config",
  "--startup-client-info <JSON>",
  "--cloud-skills-snapshot <PATH>",
  "--code-mode-host <URL>",
  "--ws-shared-secret-file <PATH>",
  "--ws-issuer <ISSUER>",
  "--ws-audience <AUDIENCE>",
  "--ws-max-clock-skew-seconds <SECONDS>",
];

export function register(program: Command): void {
  const cmd = addConfigOverrideOptions(
    new Command("app-server").description(
      "Run the app server (JSON-RPC threads, turns and items for IDEs and apps)",
    ),
  )
    .option(
      "--listen <URL>",
      "Transport endpoint URL. Supported values: `stdio://` (default), `unix://`, `unix://PATH`, `ws://IP:PORT`, `off`",
      "stdio://",
    )
    .option("--stdio", "Use stdio as the transport (equivalent to `--listen stdio://`)")
    .addOption(
      new Option(
        "--ws-auth <MODE>",
        "Authentication mode for incoming WebSocket connections",
      ).choices(["capability-token", "signed-bearer-token"]),
    )
    .option("--ws-token-file <PATH>", "Absolute path to the capability-token file")
    .option("--ws-token-sha256 <HEX>", "Hex-encoded SHA-256 digest of the capability token")
    .option(
      "--strict-config",
      "Error out when config.toml contains fields that are not recognized by this version of Codex",
    );
  for (const flag of ACCEPTED) cmd.addOption(new Option(flag).hideHelp());
  cmd.action(async (flags: AppServerFlags) => {
    const { runAppServer } = await import("../app-server/run.js");
    // Every thread is stopped and flushed by now; background warm-up work (shell snapshot,
    // parser compile) must not keep the process alive after its client has gone.
    process.exit(await runAppServer(flags));
  });
  for (const [name, what] of [
    ["generate-ts", "TypeScript declarations"],
    ["generate-json-schema", "JSON Schema files"],
  ] as const) {
    cmd.addCommand(
      new Command(name)
        .description(`Write ${what} for the protocol definitions codex-ts implements`)
        .requiredOption("-o, --out <DIR>", "Output directory where the files will be written")
        .addOption(new Option("-p, --prettier <PRETTIER_BIN>").hideHelp())
        .addOption(new Option("--experimental").hideHelp())
        .action(async (flags: { out: string }) => {
          const { generateJsonSchema, generateTs } = await import("../app-server/generate.js");
          const files = (name === "generate-ts" ? generateTs : generateJsonSchema)(flags.out);
          process.stderr.write(`wrote ${files.length} files to ${flags.out}\n`);
        }),
    );
  }
  program.addCommand(cmd);
}
