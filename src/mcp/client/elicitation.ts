// `elicitation/create` from an MCP server: a form to fill in or a URL to open. The request goes
// to the session's user through the core's elicitation host (an `elicitation_request` event the
// front-end answers with Op::ResolveElicitation). When no user can answer (`codex exec`,
// `codex mcp-server`, a session started without a host) it is declined at once with a reason,
// so the server's tool call never hangs. Forms we cannot render are declined the same way, and
// an accepted answer is checked against the requested schema before it goes back.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import type { ElicitationHost } from "../../core/elicitations.js";
import type { ElicitationRequest } from "../../protocol/index.js";
import { contentError, parseFormSchema } from "./elicitation-schema.js";
import type { ElicitationClock } from "./tool-deadline.js";

/** `ask`: forward to the attached user; `decline`: nobody is there to answer. */
export type ElicitationPolicy = "ask" | "decline";

/** The capabilities Codex announces in `initialize` (captured from Codex 0.169). */
export const CLIENT_CAPABILITIES = {
  experimental: { "codex/auth-change": {} },
  elicitation: { form: {}, url: {} },
};

/** A decline that tells the server why (in `_meta`, which servers may show or log). */
function declined(reason: string): ElicitResult {
  return { action: "decline", _meta: { "codex/reason": reason } };
}

export interface ElicitationDeps {
  policy: ElicitationPolicy;
  host?: ElicitationHost;
  log: (message: string) => void;
  /** `elicitation_answers` of a server: its forms' answers when nobody is attached. */
  answersFor?: (server: string) => Record<string, unknown> | undefined;
}

/** Install the `elicitation/create` handler on a client (before it connects). */
export async function installElicitationHandler(
  client: Client,
  serverName: string,
  deps: () => ElicitationDeps,
  clock?: ElicitationClock,
): Promise<void> {
  const { ElicitRequestSchema } = await import("@modelcontextprotocol/sdk/types.js");
  client.setRequestHandler(ElicitRequestSchema, async (req, extra) => {
    const { policy, host, log } = deps();
    const params = req.params as Record<string, unknown>;
    const message = typeof params.message === "string" ? params.message : "";
    let request: ElicitationRequest;
    let check: ((content: Record<string, unknown>) => string | null) | null = null;
    let fieldNames: string[] = [];
    if (params.mode === "url") {
      request = {
        mode: "url",
        message,
        url: String(params.url),
        elicitation_id: String(params.elicitationId),
        ...(params._meta !== undefined ? { _meta: params._meta } : {}),
      };
    } else {
      const form = parseFormSchema(params.requestedSchema);
      if (!form.ok) {
        const reason = `codex cannot show this form: ${form.reason}`;
        log(`declined elicitation from MCP server \`${serverName}\`: ${reason}`);
        return declined(reason);
      }
      check = (content) => contentError(form.fields, content);
      fieldNames = form.fields.map((f) => f.name);
      request = {
        mode: "form",
        message,
        requested_schema: params.requestedSchema as Record<string, unknown>,
        ...(params._meta !== undefined ? { _meta: params._meta } : {}),
      };
    }
    if (policy === "decline" || host === undefined) {
      let reason = "no user is attached to this Codex session to answer";
      const configured = request.mode === "form" ? deps().answersFor?.(serverName) : undefined;
      if (configured !== undefined && check !== null) {
        // Answers from config.toml: the form's fields only, and only if they satisfy it.
        const content = Object.fromEntries(
          fieldNames.filter((n) => n in configured).map((n) => [n, configured[n]]),
        );
        const problem = check(content);
        if (problem === null) {
          log(`answered elicitation from MCP server \`${serverName}\` from elicitation_answers`);
          return { action: "accept", content: content as ElicitResult["content"] };
        }
        reason = `elicitation_answers of [mcp_servers.${serverName}] do not answer this form: ${problem}`;
      }
      log(`declined elicitation from MCP server \`${serverName}\`: ${reason}`);
      return declined(reason);
    }
    const ask = () => host.elicit(serverName, extra.requestId, request, extra.signal);
    // The call that asked is not timed while the user answers.
    const answer = clock ? await clock.pausedDuring(ask) : await ask();
    if (answer.action !== "accept") return { action: answer.action };
    if (request.mode === "url") return { action: "accept" };
    const content = answer.content ?? {};
    const problem = check?.(content) ?? null;
    if (problem !== null) {
      log(`declined elicitation from MCP server \`${serverName}\`: invalid answer: ${problem}`);
      return declined(`the answer did not match the requested schema: ${problem}`);
    }
    return { action: "accept", content: content as ElicitResult["content"] };
  });
}
