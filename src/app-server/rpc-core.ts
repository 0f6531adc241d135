// JSON-RPC "lite" as Codex's app-server speaks it: one JSON object per message, no `jsonrpc`
// field on output (accepted and ignored on input), ids numbers or strings.
// Free of zod on purpose: the server answers `initialize` before it loads its methods and their
// schemas (./server.ts), and this is all it needs for that. ./rpc.ts adds the schema helpers.
import { isJsonObject } from "../util/json-object.js";

export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;

/** A request id: a string, or an integer (a safe one, as zod's `int()` allows). */
export type RequestId = string | number;

export type Incoming =
  | { kind: "request"; id: RequestId; method: string; params: unknown; hasParams: boolean }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "response"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId; error: { code: number; message: string; data?: unknown } };

export function isRequestId(value: unknown): value is RequestId {
  return typeof value === "string" || Number.isSafeInteger(value);
}

/**
 * Parses one message; null for anything that is not one (ignored, as the reference does).
 * Accepts exactly what the schema in rpc.test.ts accepts (the test keeps the two equal).
 */
export function parseIncoming(text: string): Incoming | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isJsonObject(raw)) return null;
  const { id, method, params, result, error } = raw;
  if (id !== undefined && !isRequestId(id)) return null;
  if (method !== undefined && typeof method !== "string") return null;
  let err: { code: number; message: string; data?: unknown } | undefined;
  if (error !== undefined) {
    if (!isJsonObject(error) || typeof error.code !== "number" || typeof error.message !== "string")
      return null;
    err = { code: error.code, message: error.message };
    if ("data" in error) err.data = error.data;
  }
  if (method !== undefined && id !== undefined) {
    return { kind: "request", id, method, params, hasParams: "params" in raw };
  }
  if (method !== undefined) return { kind: "notification", method, params };
  if (id !== undefined && err) return { kind: "error", id, error: err };
  if (id !== undefined && "result" in raw) return { kind: "response", id, result };
  return null;
}

/** An error a handler answers with; anything else thrown becomes -32603. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string) => new RpcError(INVALID_REQUEST, message);
