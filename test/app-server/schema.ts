// Validates app-server messages against the reference's own JSON Schema (vendored in
// test/fixtures/app-server, see its README): requests, notifications, and responses by the
// method that was asked.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { REPO_ROOT } from "../harness.js";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "app-server");
const root = JSON.parse(
  readFileSync(path.join(FIXTURES, "codex_app_server_protocol.schemas.json"), "utf8"),
) as { definitions: Record<string, unknown> & { v2: Record<string, unknown> } };
const methods = JSON.parse(
  readFileSync(path.join(FIXTURES, "app-server-methods.json"), "utf8"),
) as { ClientRequest: Array<{ method: string; params: string | null }> };

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
ajv.addSchema(root, "protocol");
const cache = new Map<string, ValidateFunction>();

function validator(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    v = ajv.getSchema(`protocol#/definitions/${ref}`);
    if (!v) throw new Error(`no schema definition ${ref}`);
    cache.set(ref, v);
  }
  return v;
}

/** The response type of a client request method, by the reference's naming (XParams → XResponse). */
export function responseRef(method: string): string | null {
  const entry = methods.ClientRequest.find((m) => m.method === method);
  const name = entry?.params?.replace(/Params$/, "Response") ?? null;
  if (!name) return null;
  if (name in root.definitions) return name;
  if (name in root.definitions.v2) return `v2/${name}`;
  return null;
}

/** Problems with one message our server sent (empty when it conforms). */
export function schemaProblems(
  message: Record<string, unknown>,
  requestMethod: (id: unknown) => string | undefined,
): string[] {
  let ref: string | null;
  let value: unknown = message;
  // The legacy conversation API's events are Codex core events, outside the v2 schema.
  if (typeof message.method === "string" && message.method.startsWith("codex/event/")) {
    const p = message.params as {
      id?: unknown;
      msg?: { type?: unknown };
      conversationId?: unknown;
    };
    const ok =
      typeof p?.id === "string" &&
      typeof p.conversationId === "string" &&
      `codex/event/${String(p.msg?.type)}` === message.method;
    return ok ? [] : [`malformed legacy event ${JSON.stringify(message).slice(0, 300)}`];
  }
  if ("method" in message && "id" in message) ref = "ServerRequest";
  else if ("method" in message) ref = "ServerNotification";
  else if ("error" in message) ref = "JSONRPCError";
  else {
    const method = requestMethod(message.id);
    ref = method ? responseRef(method) : null;
    value = message.result;
    if (!ref) return [];
  }
  const v = validator(ref);
  if (v(value)) return [];
  return [`${ref}: ${ajv.errorsText(v.errors)} in ${JSON.stringify(message).slice(0, 400)}`];
}
