// Token accounting for a session: the running total, the last request's usage (how full the
// context is), and the latest rate-limit snapshot.
import type { EventMsg, RateLimitSnapshot, TokenUsage, TokenUsageInfo } from "../protocol/index.js";
import { ZERO_USAGE } from "../protocol/index.js";

/** Share of the context window at which a session compacts when no limit is configured. */
export const AUTO_COMPACT_WINDOW_RATIO = 0.9;

export class UsageTracker {
  total: TokenUsage = { ...ZERO_USAGE };
  last: TokenUsage = { ...ZERO_USAGE };
  rateLimits: RateLimitSnapshot | null = null;
  /** `last` came from a resumed session's rollout and no request has been made since. */
  private restored = false;

  /** A completed request's usage. */
  add(usage: TokenUsage): void {
    this.restored = false;
    this.last = usage;
    this.total = addUsage(this.total, usage);
  }

  /**
   * A resumed or forked session goes on from its last recorded `token_count`, as Codex does:
   * the thread total keeps growing across processes, and the last request still says how full
   * the context is.
   */
  restoreFrom(events: readonly EventMsg[]): void {
    for (let i = events.length - 1; i >= 0; i--) {
      const ev = events[i];
      if (ev?.type !== "token_count" || !ev.info) continue;
      this.total = { ...ZERO_USAGE, ...ev.info.total_token_usage };
      this.last = { ...ZERO_USAGE, ...ev.info.last_token_usage };
      this.restored = true;
      return;
    }
  }

  /** Tokens in context as restored from the rollout, until this process makes a request. */
  restoredContextTokens(): number | null {
    return this.restored ? tokensInContext(this.last) : null;
  }

  /** The model said the context is full: show it as full. */
  markFull(window: number | null): void {
    this.restored = false;
    if (window) this.last = { ...ZERO_USAGE, input_tokens: window, total_tokens: window };
  }

  /** After a compaction the last request no longer says how full the context is: estimate it. */
  setEstimate(tokens: number): void {
    this.restored = false;
    this.last = { ...ZERO_USAGE, input_tokens: tokens, total_tokens: tokens };
  }

  info(window: number | null): TokenUsageInfo {
    return {
      total_token_usage: this.total,
      last_token_usage: this.last,
      model_context_window: window,
    };
  }
}

/** Tokens the conversation occupies after a request: what the next request starts from. */
export function tokensInContext(usage: TokenUsage): number {
  return usage.total_tokens;
}

/** `model_auto_compact_token_limit`, else 90 % of the context window, else never. */
export function autoCompactLimit(
  configured: number | null,
  contextWindow: number | null,
): number | null {
  if (configured !== null && configured > 0) return configured;
  if (contextWindow !== null && contextWindow > 0) {
    return Math.floor(contextWindow * AUTO_COMPACT_WINDOW_RATIO);
  }
  return null;
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
