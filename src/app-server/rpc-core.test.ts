import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseIncoming } from "./rpc-core.js";

// The schema parseIncoming replaced (zod is not loaded before `initialize` is answered): the
// two must accept the same messages and read the same fields from them.
const RequestId = z.union([z.string(), z.number().int()]);
const IncomingSchema = z.object({
  id: RequestId.optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  error: z
    .object({ code: z.number(), message: z.string(), data: z.unknown().optional() })
    .optional(),
});

function viaSchema(text: string) {
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
  if (m.method !== undefined && m.id !== undefined)
    return { kind: "request", id: m.id, method: m.method, params: m.params, hasParams };
  if (m.method !== undefined) return { kind: "notification", method: m.method, params: m.params };
  if (m.id !== undefined && m.error) return { kind: "error", id: m.id, error: m.error };
  if (m.id !== undefined && "result" in (raw as object))
    return { kind: "response", id: m.id, result: m.result };
  return null;
}

const MESSAGES = [
  '{"id":1,"method":"initialize","params":{"clientInfo":{"name":"a","version":"1"}}}',
  '{"jsonrpc":"2.0","id":"abc","method":"thread/start","params":{}}',
  '{"id":2,"method":"model/list"}',
  '{"method":"initialized"}',
  '{"method":"initialized","params":null}',
  '{"id":3,"result":{"decision":"accept"}}',
  '{"id":3,"result":null}',
  '{"id":4,"error":{"code":-1,"message":"no","data":{"x":1},"extra":2}}',
  '{"id":4,"error":{"code":-1,"message":"no"}}',
  '{"id":4,"error":{"code":"x","message":"no"}}',
  '{"id":4,"error":null}',
  '{"id":4,"error":[]}',
  '{"id":1.5,"method":"x"}',
  '{"id":1e300,"method":"x"}',
  '{"id":9007199254740993,"method":"x"}',
  '{"id":null,"method":"x"}',
  '{"id":true,"method":"x"}',
  '{"id":1,"method":7}',
  '{"id":1,"method":null}',
  '{"id":1}',
  "{}",
  "[]",
  "[1]",
  "null",
  "42",
  '"text"',
  "not json",
  "",
  '{"id":-0,"method":"x"}',
  '{"id":5,"method":"x","params":[1,2]}',
];

describe("parseIncoming", () => {
  it.each(MESSAGES)("reads %s as the schema did", (text) => {
    expect(parseIncoming(text)).toEqual(viaSchema(text));
  });
});
