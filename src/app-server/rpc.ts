// The JSON-RPC helpers method handlers use: ./rpc-core.ts (framing, errors) plus zod-based
// params validation worded the way the reference words it.
import { z } from "zod";
import { invalidRequest } from "./rpc-core.js";

export * from "./rpc-core.js";

export const RequestIdSchema = z.union([z.string(), z.number().int()]);

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
