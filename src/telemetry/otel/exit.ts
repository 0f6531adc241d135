// The one exit path a session's shutdown does not cover: the event loop running dry without
// anyone shutting the session down (an embedder, a test). Signals are not handled here: the
// CLI's lifecycle (src/cli/lifecycle.ts) shuts every live session down on SIGINT/SIGTERM/SIGHUP,
// and each session's shutdown flushes its telemetry. A listener of ours would make the lifecycle
// believe a front-end handles the signal.

let installed = false;

export function installExitFlush(flush: () => Promise<void>): void {
  if (installed) return;
  installed = true;
  let flushed = false;
  process.on("beforeExit", () => {
    if (flushed) return;
    flushed = true;
    void flush();
  });
}
