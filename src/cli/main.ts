// The CLI proper, loaded by ./boot.ts: parse arguments, then lazy-load only the subcommand that
// runs.

/** Runs the command line `argv` (the arguments after the script). */
export async function main(argv: string[]): Promise<void> {
  // Signals and the parent's death end every session and process tree we started.
  (await import("./lifecycle.js")).installExitHandling();
  const { buildProgram, runProgram } = await import("./program.js");
  await runProgram(buildProgram(argv), argv);
}
