// The sessions alive in this process, so that a signal or the parent's death can end each one
// cleanly (task aborted, rollout flushed, processes ended) before the process exits. Kept free
// of heavy imports: the CLI's signal handling loads it up front.

/** What the process-wide shutdown needs from a session. */
export interface LiveSession {
  /** Ends the session as a Shutdown op would; resolves once it is done. Idempotent. */
  requestShutdown(): Promise<void>;
}

const live = new Set<LiveSession>();

export function registerLiveSession(session: LiveSession): () => void {
  live.add(session);
  return () => live.delete(session);
}

export function liveSessionCount(): number {
  return live.size;
}

/**
 * Shuts every live session down at once. Resolves when all are done or `timeoutMs` passed,
 * with whether they all finished in time.
 */
export async function shutdownLiveSessions(timeoutMs: number): Promise<boolean> {
  const all = Promise.all([...live].map((s) => s.requestShutdown().catch(() => undefined))).then(
    () => true,
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
}
