// Model errors and how HTTP statuses, bodies and network failures map onto them. The texts match
// what Codex prints (reference §8) so scripts and users see the same messages.
import { STATUS_CODES } from "node:http";
import type { HeaderLookup } from "./headers.js";

/**
 * How the caller should treat a failure:
 * - `retryable`: retry the whole request (the turn loop's "Reconnecting... n/m"), after
 *   `retryAfterMs` when the server named a delay;
 * - `fatal`, `context_window_exceeded`, `usage_limit`, `quota`: fail the turn now;
 * - `interrupted`: the caller's abort signal fired.
 */
export type ModelErrorKind =
  "retryable" | "fatal" | "context_window_exceeded" | "usage_limit" | "quota" | "interrupted";

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  retryAfterMs?: number;
  status?: number;

  constructor(
    kind: ModelErrorKind,
    message: string,
    extra: { retryAfterMs?: number; status?: number } = {},
  ) {
    super(message);
    this.name = "ModelError";
    this.kind = kind;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.status !== undefined) this.status = extra.status;
  }
}

export const HIGH_DEMAND_MESSAGE =
  "We\u2019re currently experiencing high demand, which may cause temporary errors.";
export const CONTEXT_WINDOW_MESSAGE =
  "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.";
export const QUOTA_MESSAGE = "Quota exceeded. Check your plan and billing details.";
export const USAGE_LIMIT_MESSAGE =
  "You've hit your usage limit. Try again later, or check your plan's limits.";
export const INTERRUPTED_MESSAGE = "turn interrupted";

export function interrupted(): ModelError {
  return new ModelError("interrupted", INTERRUPTED_MESSAGE);
}

/** A retryable failure after the stream started (Codex's "stream disconnected" family). */
export function streamDisconnected(detail: string, retryAfterMs?: number): ModelError {
  return new ModelError(
    "retryable",
    `stream disconnected before completion: ${detail}`,
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );
}

function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown Status";
}

/** The `error` object of an OpenAI-style error body, if the body is one. */
export function errorObjectOf(body: string): { code?: string; type?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") {
      const error = (parsed as { error?: unknown }).error;
      if (error && typeof error === "object") {
        const e = error as Record<string, unknown>;
        return {
          ...(typeof e.code === "string" ? { code: e.code } : {}),
          ...(typeof e.type === "string" ? { type: e.type } : {}),
          ...(typeof e.message === "string" ? { message: e.message } : {}),
        };
      }
    }
  } catch {
    // Not JSON: callers fall back to the raw text.
  }
  return {};
}

/** Maps an `error.code`/`type` that means "stop, no retry will help" to an error; else null. */
export function limitErrorFromCode(code: string | undefined): ModelError | null {
  switch (code) {
    case "insufficient_quota":
      return new ModelError("quota", QUOTA_MESSAGE);
    case "usage_limit_reached":
    case "usage_not_included":
      return new ModelError("usage_limit", USAGE_LIMIT_MESSAGE);
    case "context_length_exceeded":
      return new ModelError("context_window_exceeded", CONTEXT_WINDOW_MESSAGE);
    default:
      return null;
  }
}

/** `retry-after-ms`, then `retry-after` as seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(headers: HeaderLookup, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) {
    return Math.max(0, Number(ms));
  }
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Finds "try again in 1.5s" / "in 300ms" in a server message (response.failed carries no header). */
export function retryDelayFromMessage(message: string): number | undefined {
  const match = /try again in\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match?.[1]) return undefined;
  const n = Number(match[1]);
  return match[2]?.toLowerCase() === "ms" ? n : Math.round(n * 1000);
}

const SNIPPET_LIMIT = 500;

function snippet(text: string): string {
  const oneLine = text.trim();
  return oneLine.length > SNIPPET_LIMIT ? `${oneLine.slice(0, SNIPPET_LIMIT)}…` : oneLine;
}

/**
 * Classifies a non-2xx response. 5xx is returned as retryable; the client decides whether it
 * still has HTTP-level retries before surfacing it.
 */
export function httpStatusError(
  status: number,
  headers: HeaderLookup,
  body: string,
  url: string,
): ModelError {
  const err = errorObjectOf(body);
  if (status >= 500) return new ModelError("retryable", HIGH_DEMAND_MESSAGE, { status });
  if (status === 429 || status === 403) {
    const limit = limitErrorFromCode(err.code) ?? limitErrorFromCode(err.type);
    if (limit && limit.kind !== "context_window_exceeded") {
      limit.status = status;
      return limit;
    }
  }
  if (status === 429) {
    const message = `exceeded retry limit, last status: 429 ${reasonPhrase(429)}`;
    const retryAfterMs = parseRetryAfter(headers);
    return retryAfterMs === undefined
      ? new ModelError("fatal", message, { status })
      : new ModelError("retryable", message, { status, retryAfterMs });
  }
  if (status === 400) {
    if (err.code === "context_length_exceeded") {
      const e = new ModelError("context_window_exceeded", CONTEXT_WINDOW_MESSAGE, { status });
      return e;
    }
    return new ModelError("fatal", body, { status });
  }
  if (status === 401) {
    const detail = err.message ?? snippet(body);
    return new ModelError(
      "retryable",
      `unexpected status 401 ${reasonPhrase(401)}: ${detail}, url: ${url}`,
      { status },
    );
  }
  return new ModelError(
    "fatal",
    `unexpected status ${status} ${reasonPhrase(status)}: ${snippet(body)}, url: ${url}`,
    { status },
  );
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by peer",
  ENOTFOUND: "dns error: failed to lookup address information",
  EAI_AGAIN: "dns error: temporary failure in name resolution",
  ETIMEDOUT: "operation timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "broken pipe",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  UND_ERR_HEADERS_TIMEOUT: "timed out waiting for response headers",
};

/** Walks `cause` chains (fetch wraps the socket error twice) for a code or the deepest message. */
export function networkReason(error: unknown): string {
  let current: unknown = error;
  let deepest = "";
  for (let depth = 0; depth < 6 && current; depth++) {
    if (typeof current !== "object") break;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string" && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
    if (typeof message === "string" && message !== "") deepest = message;
    current = cause;
  }
  if (deepest === "bad port") return "port blocked by fetch (bad port); use another port";
  return deepest || "unknown network error";
}

export function networkError(error: unknown, url: string, providerId: string): ModelError {
  const reason = networkReason(error);
  const hint =
    reason.startsWith("connection refused") || reason.startsWith("dns error")
      ? ` (is the server running? check base_url of model provider "${providerId}")`
      : "";
  return new ModelError("retryable", `error sending request for url (${url}): ${reason}${hint}`);
}
