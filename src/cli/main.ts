// CLI entry: parse arguments, then lazy-load only the subcommand that runs.
import { CLI_VERSION } from "../version.js";

const argv = process.argv.slice(2);

// `codex --version` must stay instant: answer before loading anything else.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`codex-ts ${CLI_VERSION}\n`);
} else {
  // Signals and the parent's death end every session and process tree we started.
  (await import("./lifecycle.js")).installExitHandling();
  const { buildProgram, runProgram } = await import("./program.js");
  await runProgram(buildProgram(), argv);
}
