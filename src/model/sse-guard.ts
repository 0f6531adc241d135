// Guards around a decoded SSE stream: an idle timeout between events, prompt cancellation, and
// translation of decoder/socket failures into retryable ModelErrors.
import { ModelError, interrupted, networkReason, streamDisconnected } from "./errors.js";
import { failedEventError } from "./responses-stream.js";

export const IDLE_TIMEOUT_DETAIL = "idle timeout waiting for SSE";

/** Waits for `next`, failing after `idleMs` of silence or when `signal` aborts. */
function raceNext<T>(
  next: Promise<IteratorResult<T>>,
  idleMs: number,
  signal: AbortSignal,
): Promise<IteratorResult<T>> {
  if (signal.aborted) return Promise.reject(interrupted());
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(interrupted());
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(streamDisconnected(IDLE_TIMEOUT_DETAIL));
    }, idleMs);
    signal.addEventListener("abort", onAbort, { once: true });
    next.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/** Maps an error thrown while reading the body (not a ModelError yet) to one. */
export function streamReadError(error: unknown, signal: AbortSignal): ModelError {
  if (error instanceof ModelError) return error;
  if (signal.aborted) return interrupted();
  // The SDK throws an APIError without status for a `data: {"error": …}` line.
  const embedded = (error as { error?: unknown; status?: unknown } | null)?.error;
  if (
    embedded &&
    typeof embedded === "object" &&
    (error as { status?: unknown }).status === undefined
  ) {
    return failedEventError(embedded);
  }
  if (error instanceof SyntaxError) {
    return streamDisconnected(
      `malformed SSE event from server (data is not JSON: ${error.message})`,
    );
  }
  return streamDisconnected(networkReason(error));
}

/**
 * Yields `source`'s items with the guards applied. `stop` aborts the underlying request; it runs
 * whenever iteration ends early (error, timeout, interrupt or the consumer breaking).
 */
export async function* guardedStream<T>(
  source: AsyncIterable<T>,
  idleMs: number,
  signal: AbortSignal,
  stop: () => void,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      const pending = iterator.next();
      // After a timeout or interrupt nobody awaits `pending`; keep its rejection quiet.
      pending.catch(() => {});
      let result: IteratorResult<T>;
      try {
        result = await raceNext(pending, idleMs, signal);
      } catch (error) {
        throw streamReadError(error, signal);
      }
      if (result.done) {
        // The SDK ends the stream quietly when the request is aborted.
        if (signal.aborted) throw interrupted();
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) stop();
  }
}
