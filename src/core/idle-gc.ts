// A full, compacting garbage collection once the process has been idle for a while after a task.
// Long-lived front-ends (the TUI, app-server) otherwise keep what a turn left behind (request
// bodies the size of the history, command output, big pasted inputs) in V8's heap until enough
// new allocation triggers a major GC, which an idle process never reaches: RSS stayed ~1.5× higher.
// A plain full GC frees the objects but not the pages they sat on: after 2,000 tool calls the old
// space held 19 MB of live objects spread over 82 MB of pages, all resident. V8 only evacuates a
// few of the most fragmented pages by default, so the collection compacts the whole old space
// (--compact-on-every-full-gc, switched on for this one collection only): 82 → ~21 MB.
// It runs twice, a moment apart: the first collection's weak callbacks release native objects
// (finished writes, request wrappers) that still held big strings, which only the second one can
// free (5 MB paste + 20 turns: 20 MB of external strings left after one collection).
// Last, the C heap's free space goes back to the system (./malloc-trim.ts): the native buffers
// those strings and request bodies used are free now but stay resident otherwise.
// The timers are unref'd, so `codex exec` exits without ever paying for them.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { trimMalloc } from "./malloc-trim.js";

/** Quiet time after the last task ended before collecting. */
const IDLE_MS = 2_000;
/** Time between the steps: enough for a collection's weak callbacks and buffer sweeping to run. */
const SECOND_PASS_MS = 100;

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

/**
 * One full GC that also compacts every old-space page, returning the freed pages to the system.
 * Synchronous; it costs a few tens of milliseconds for a heap of a few tens of MB.
 * Returns false when the engine offers no `gc` function.
 */
export function collectAndCompact(): boolean {
  const gc = gcFunction();
  if (!gc) return false;
  setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    setFlagsFromString("--no-compact-on-every-full-gc");
  }
  return true;
}

function later(ms: number, fn: () => void): NodeJS.Timeout {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}

/** A task ended: collect once nothing else has ended for IDLE_MS. */
export function collectWhenIdle(): void {
  if (timer) clearTimeout(timer);
  timer = later(IDLE_MS, () => {
    gcFunction()?.();
    timer = later(SECOND_PASS_MS, () => {
      collectAndCompact();
      timer = later(SECOND_PASS_MS, () => {
        timer = undefined;
        trimMalloc();
      });
    });
  });
}
