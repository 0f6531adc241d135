// CLI entry: parse arguments, then lazy-load only the subcommand that runs.
import { setFlagsFromString } from "node:v8";
import { CLI_VERSION } from "../version.js";

const argv = process.argv.slice(2);

// V8 tuning, set before anything is compiled (bench/README.md has the figures):
// - WebAssembly at the baseline tier only. Node's fetch parses HTTP with a wasm module whose
//   optimising compile ran in the background during the first request: ~25 MB of peak RSS and
//   CPU that competed with the turn on small machines (plain `exec`: peak 94 → 66 MB). The bash
//   parser sets the same flag when it loads, so every session ends up here anyway.
// - Long-lived front-ends (the TUI, app-server, mcp-server) keep the young generation at its
//   initial size: grown, its empty semi-spaces stay resident (~30 MB) for the rest of a session
//   (200 tool calls: idle RSS 128 → 96 MB, peak 175 → 132 MB, no slower). One-shot runs
//   (`exec`, `review`) end before it matters and keep V8's default.
const first = argv.find((a) => !a.startsWith("-"));
const flags = ["--liftoff-only"];
if (first !== "exec" && first !== "e" && first !== "review")
  flags.push("--semi-space-growth-factor=1");
for (const flag of flags) {
  try {
    setFlagsFromString(flag);
  } catch {
    // An engine without the flag simply keeps its default.
  }
}

// `codex --version` must stay instant: answer before loading anything else.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`codex-ts ${CLI_VERSION}\n`);
} else {
  // Signals and the parent's death end every session and process tree we started.
  (await import("./lifecycle.js")).installExitHandling();
  const { buildProgram, runProgram } = await import("./program.js");
  await runProgram(buildProgram(argv), argv);
}
