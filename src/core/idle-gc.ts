// A full garbage collection once the process has been idle for a while after a task. Long-lived
// front-ends (the TUI, app-server) otherwise keep what a turn left behind (request bodies the
// size of the history, command output, big pasted inputs) in V8's heap until enough new
// allocation triggers a major GC, which an idle process never reaches: RSS stayed ~1.5× higher.
// The timer is unref'd, so `codex exec` exits without ever paying for it.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Quiet time after the last task ended before collecting. */
const IDLE_MS = 2_000;

let timer: NodeJS.Timeout | undefined;
let collect: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    // Exposes `gc` to a fresh context only; the flag is turned off again at once.
    setFlagsFromString("--expose-gc");
    const fn = runInNewContext("gc") as unknown;
    setFlagsFromString("--no-expose-gc");
    collect = typeof fn === "function" ? (fn as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** A task ended: collect once nothing else has ended for IDLE_MS. */
export function collectWhenIdle(): void {
  if (timer) {
    timer.refresh();
    return;
  }
  timer = setTimeout(() => {
    timer = undefined;
    gcFunction()?.();
  }, IDLE_MS);
  timer.unref();
}
