// `tool_timeout_sec` for one tool call, paused while the server is waiting on the user: a server
// that asks something (`elicitation/create`) in the middle of a call must not see the call time
// out because the user took a minute to answer or to finish a login in the browser.

/** Counts the questions a connection's server has open with the user. */
export class ElicitationClock {
  private open = 0;
  private readonly listeners = new Set<(waiting: boolean) => void>();

  get waiting(): boolean {
    return this.open > 0;
  }

  /** Run `wait` with every running deadline of this connection paused. */
  async pausedDuring<T>(wait: () => Promise<T>): Promise<T> {
    if (this.open++ === 0) for (const l of this.listeners) l(true);
    try {
      return await wait();
    } finally {
      if (--this.open === 0) for (const l of this.listeners) l(false);
    }
  }

  subscribe(listener: (waiting: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Calls `onExpire` after `ms` of running time, not counting time the clock is waiting. */
export function startDeadline(
  ms: number,
  clock: ElicitationClock,
  onExpire: () => void,
): () => void {
  let remaining = ms;
  let startedAt = 0;
  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    startedAt = Date.now();
    timer = setTimeout(onExpire, remaining);
  };
  const pause = () => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    remaining = Math.max(0, remaining - (Date.now() - startedAt));
  };
  const unsubscribe = clock.subscribe((waiting) => (waiting ? pause() : run()));
  if (!clock.waiting) run();
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
