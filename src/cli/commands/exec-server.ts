// Registers `codex exec-server`. Light on purpose: the server loads only when the command runs.
import { Command, Option } from "commander";
import { addConfigOverrideOptions } from "../shared-options.js";

export interface ExecServerFlags {
  listen: string;
  concurrentRequests: string;
  wsAuth?: string;
  wsTokenFile?: string;
  exitOnStdinClose?: boolean;
  sessionTtlSecs?: string;
}

const UNSUPPORTED = [
  "--ws-token-sha256 <HEX>",
  "--ws-shared-secret-file <PATH>",
  "--ws-issuer <ISSUER>",
  "--ws-audience <AUDIENCE>",
  "--ws-max-clock-skew-seconds <SECONDS>",
  "--remote <URL>",
  "--remote-transport <T>",
  "--environment-id <ID>",
  "--name <NAME>",
  "--linux-sandbox-pid-namespace <MODE>",
];

export function register(program: Command): void {
  const cmd = addConfigOverrideOptions(
    new Command("exec-server").description(
      "Serve this machine's processes and files to a codex session over a websocket or stdio",
    ),
  )
    .option(
      "--listen <URL>",
      "Transport endpoint URL: ws://IP:PORT (default ws://127.0.0.1:0), stdio, stdio://",
      "ws://127.0.0.1:0",
    )
    .option("--concurrent-requests <COUNT>", "Requests processed at once per connection", "1")
    .addOption(
      new Option("--ws-auth <MODE>", "Authentication for websocket connections").choices([
        "capability-token",
        "signed-bearer-token",
      ]),
    )
    .option("--ws-token-file <PATH>", "Absolute path to the capability-token file")
    .option(
      "--exit-on-stdin-close",
      "Exit when the parent-owned standard-input pipe closes",
      process.env.CODEX_EXEC_SERVER_EXIT_ON_STDIN_CLOSE === "1",
    );
  cmd.addOption(
    new Option("--session-ttl-secs <SECONDS>", "How long a detached session stays resumable")
      .default("80")
      .hideHelp(),
  );
  for (const flag of UNSUPPORTED) cmd.addOption(new Option(flag).hideHelp());
  cmd.action(async (flags: ExecServerFlags & Record<string, unknown>) => {
    const { runExecServer } = await import("../../exec-server/run.js");
    process.exitCode = await runExecServer(flags);
  });
  program.addCommand(cmd);
}
