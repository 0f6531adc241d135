// JSON-RPC "lite" as Codex's app-server speaks it: one JSON object per message, no `jsonrpc`
// field on output (accepted and ignored on input), ids numbers or strings.
import { z } from "zod";

export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;

export const RequestIdSchema = z.union([z.string(), z.number().int()]);
export type RequestId = z.infer<typeof RequestIdSchema>;

/** Anything a client may send; classified by which fields are present. */
const IncomingSchema = z.object({
  id: RequestIdSchema.optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  error: z
    .object({ code: z.number(), message: z.string(), data: z.unknown().optional() })
    .optional(),
});

export type Incoming =
  | { kind: "request"; id: RequestId; method: string; params: unknown; hasParams: boolean }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "response"; id: RequestId; result: unknown }
  | { kind: "error"; id: RequestId; error: { code: number; message: string } };

/** Parses one message; null for anything that is not one (ignored, as the reference does). */
export function parseIncoming(text: string): Incoming | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = IncomingSchema.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  const hasParams = typeof raw === "object" && raw !== null && "params" in raw;
  if (m.method !== undefined && m.id !== undefined) {
    return { kind: "request", id: m.id, method: m.method, params: m.params, hasParams };
  }
  if (m.method !== undefined) return { kind: "notification", method: m.method, params: m.params };
  if (m.id !== undefined && m.error) return { kind: "error", id: m.id, error: m.error };
  if (m.id !== undefined && "result" in (raw as object)) {
    return { kind: "response", id: m.id, result: m.result };
  }
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

/** Validates params with a zod schema, answering -32600 the way the reference words it. */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const r = schema.safeParse(params ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && issue.input === undefined && field !== "") {
    throw invalidRequest(`Invalid request: missing field \`${field}\``);
  }
  throw invalidRequest(`Invalid request: ${field ? `\`${field}\`: ` : ""}${issue.message}`);
}
