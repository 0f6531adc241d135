// MCP elicitations for app-server clients: the core's `elicitation_request` becomes the v2
// server request `mcpServer/elicitation/request` (McpServerElicitationRequestParams), and the
// client's McpServerElicitationRequestResponse goes back as Op::ResolveElicitation. Nobody to
// ask declines; a request settled unanswered (turn interrupted, client gone) or a reply that does
// not fit the schema cancels — the MCP server is never left waiting.
import { z } from "zod";
import type { EventOf, Op } from "../protocol/index.js";

const replySchema = z.looseObject({
  action: z.enum(["accept", "decline", "cancel"]),
  content: z.record(z.string(), z.unknown()).nullable().optional(),
  _meta: z.unknown().optional(),
});
type Reply = z.infer<typeof replySchema>;

export function elicitationParams(
  threadId: string,
  turnId: string | null,
  msg: EventOf<"elicitation_request">,
): Record<string, unknown> {
  const r = msg.request;
  const common = { threadId, turnId, serverName: msg.server_name, message: r.message };
  const meta = r._meta !== undefined ? { _meta: r._meta } : {};
  return r.mode === "url"
    ? { ...common, mode: "url", url: r.url, elicitationId: r.elicitation_id, ...meta }
    : { ...common, mode: "form", requestedSchema: r.requested_schema, ...meta };
}

interface Asker {
  askClient<T>(
    method: string,
    params: Record<string, unknown>,
    opts: { parse: (r: unknown) => T | null; fallback: () => T; flag: string },
  ): Promise<T>;
}

/** Forward one elicitation to the thread's client and submit its answer to the core. */
export function forwardElicitation(
  thread: Asker,
  threadId: string,
  turnId: string | null,
  msg: EventOf<"elicitation_request">,
  submit: (op: Op) => void,
): void {
  const resolve = (reply: Reply) =>
    submit({
      type: "resolve_elicitation",
      server_name: msg.server_name,
      request_id: msg.id,
      decision: reply.action,
      ...(reply.action === "accept" && reply.content ? { content: reply.content } : {}),
    });
  void thread
    .askClient<Reply>("mcpServer/elicitation/request", elicitationParams(threadId, turnId, msg), {
      parse: (r) => {
        const parsed = replySchema.safeParse(r);
        return parsed.success ? parsed.data : null;
      },
      fallback: () => ({ action: "cancel" }),
      flag: "waitingOnUserInput",
    })
    .then(resolve);
}
