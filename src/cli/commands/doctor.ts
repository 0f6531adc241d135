// Registers `codex doctor`, and a clear refusal for every Codex 0.169 subcommand codex-ts does not
// have: without it, `codex apply` would be read as the prompt "apply" and start a model turn.
// Keep this file light: the implementation is imported inside the action.
import { Command } from "commander";
import { addConfigOverrideOptions, effectiveFlags } from "../shared-options.js";
import type { DoctorFlags } from "../doctor.js";

export function register(program: Command): void {
  const doctor = addConfigOverrideOptions(
    new Command("doctor").description(
      "Diagnose the local codex-ts installation, config, auth, and runtime health",
    ),
  )
    .option("--json", "Emit a redacted machine-readable report")
    .option("--network-only", "Run only the config and provider HTTP checks")
    .option("--summary", "Only show the check rows and the final count summary")
    .option("--all", "Accepted for compatibility (lists are never truncated)")
    .option("--no-color", "Accepted for compatibility (the report has no color)")
    .option("--ascii", "Accepted for compatibility (the report is ASCII apart from `·`)")
    .action(async (_flags: unknown, cmd: Command) => {
      const { runDoctor } = await import("../doctor.js");
      process.exitCode = await runDoctor(effectiveFlags<DoctorFlags>(cmd));
    });
  program.addCommand(doctor);
}

/** Codex 0.169's subcommands codex-ts lacks, with where to look instead. */
const MISSING: Record<string, string> = {
  agents: "use `codex resume` to pick a saved session",
  plugin: "codex-ts has no plugin system; configure MCP servers with `codex mcp`",
  "app-server": "use `codex mcp-server` to drive codex-ts from another program",
  "remote-control": "codex-ts has no background app server",
  update: "update with your package manager (e.g. `npm install -g codex-ts`)",
  apply: "apply a diff with `git apply`",
  queue: "codex-ts has no background server to queue messages to",
  archive: "session files live in $CODEX_HOME/sessions; move them away by hand",
  unarchive: "session files live in $CODEX_HOME/sessions",
  delete: "session files live in $CODEX_HOME/sessions; delete them by hand",
  "migrate-rollouts": "codex-ts reads rollout files directly; there is nothing to migrate",
  "migrate-nfs-db": "codex-ts keeps no SQLite databases",
  fork: "use `codex exec fork <SESSION_ID>`, or Esc Esc in the interactive UI",
  cloud: "Codex Cloud is an OpenAI service codex-ts does not connect to",
  "exec-server": "codex-ts runs commands locally only",
  features: "set feature flags in config.toml under [features] or with --enable/--disable",
};

export function registerMissingCommands(program: Command): void {
  const have = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  for (const [name, hint] of Object.entries(MISSING)) {
    if (have.has(name)) continue;
    const cmd = new Command(name)
      .allowUnknownOption()
      .allowExcessArguments()
      .helpOption(false)
      .argument("[ARGS...]")
      .action(() => {
        process.stderr.write(
          `error: \`codex ${name}\` is a Codex command that codex-ts does not implement; ${hint}.\n` +
            "Run `codex --help` for the commands codex-ts has.\n",
        );
        process.exitCode = 2;
      });
    program.addCommand(cmd, { hidden: true });
  }
}
