// Exponential backoff with jitter, and a sleep that an abort signal cuts short.
import { interrupted } from "./errors.js";

export const DEFAULT_BACKOFF_BASE_MS = 200;

/**
 * Delay before the retry that follows `attempt` earlier retries: base × 2^attempt, ±10 % jitter
 * (≈200, 400, 800, 1600 ms with the default base, as Codex waits).
 */
export function backoffMs(attempt: number, baseMs = DEFAULT_BACKOFF_BASE_MS): number {
  const exponent = Math.min(Math.max(0, attempt), 20);
  const jitter = 0.9 + Math.random() * 0.2;
  return Math.round(baseMs * 2 ** exponent * jitter);
}

/** Resolves after `ms`, or rejects with an interrupted ModelError as soon as `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(interrupted());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(interrupted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
