// Approval requests as MCP `elicitation/create` requests, and the client's reply as a decision.
// The `codex_*` fields follow Codex 0.153.4 so clients written for it keep working; the
// `decision` property in `requestedSchema` is ours, so generic MCP clients can render a choice.
import type { EventOf, ReviewDecision } from "../../protocol/index.js";
import { extractShellScript } from "../../shell/shell-wrapper.js";
import { formatCommandForDisplay } from "../../shell/display.js";

const DECISIONS: readonly ReviewDecision[] = [
  "approved",
  "approved_for_session",
  "denied",
  "abort",
];

const DECISION_SCHEMA = {
  type: "object",
  properties: {
    decision: {
      type: "string",
      title: "Decision",
      description:
        "approved: run it once; approved_for_session: run it and stop asking for it this session; " +
        "denied: skip it and let the agent continue; abort: skip it and stop the turn",
      enum: [...DECISIONS],
    },
  },
  required: ["decision"],
};

/** Who is asking: the tool call, the thread and the event that raised the request. */
export interface ApprovalContext {
  threadId: string;
  /** JSON-RPC id of the running `tools/call`. */
  toolCallRequestId: string | number;
  /** Id of the event (the turn's submission id). */
  eventId: string;
}

/** A command for people: the script itself rather than `/bin/bash -lc '…'`. */
function displayCommand(command: readonly string[]): string {
  return (
    extractShellScript(command, { anyShellPath: true })?.script ?? formatCommandForDisplay(command)
  );
}

function withReason(message: string, reason: string | null | undefined): string {
  return reason ? `${message}\nReason: ${reason}` : message;
}

export function execApprovalElicitation(
  ctx: ApprovalContext,
  req: EventOf<"exec_approval_request">,
): Record<string, unknown> {
  const params: Record<string, unknown> = {
    message: withReason(
      `codex-ts wants to run \`${displayCommand(req.command)}\` in ${req.cwd}. Allow it?`,
      req.reason,
    ),
    requestedSchema: DECISION_SCHEMA,
    threadId: ctx.threadId,
    codex_elicitation: "exec-approval",
    codex_mcp_tool_call_id: ctx.toolCallRequestId,
    codex_event_id: ctx.eventId,
    codex_call_id: req.call_id,
    codex_command: req.command,
    codex_cwd: req.cwd,
    codex_parsed_cmd: req.parsed_cmd,
  };
  if (req.reason) params.codex_reason = req.reason;
  return params;
}

export function patchApprovalElicitation(
  ctx: ApprovalContext,
  req: EventOf<"apply_patch_approval_request">,
): Record<string, unknown> {
  const files = Object.keys(req.changes);
  const params: Record<string, unknown> = {
    message: withReason(
      `codex-ts wants to change ${files.length === 1 ? "1 file" : `${files.length} files`}: ${files.join(", ")}. Allow it?`,
      req.reason,
    ),
    requestedSchema: DECISION_SCHEMA,
    threadId: ctx.threadId,
    codex_elicitation: "patch-approval",
    codex_mcp_tool_call_id: ctx.toolCallRequestId,
    codex_event_id: ctx.eventId,
    codex_call_id: req.call_id,
    codex_changes: req.changes,
  };
  if (req.reason) params.codex_reason = req.reason;
  if (req.grant_root) params.codex_grant_root = req.grant_root;
  return params;
}

function isDecision(v: unknown): v is ReviewDecision {
  return typeof v === "string" && (DECISIONS as readonly string[]).includes(v);
}

/**
 * The decision in a client's reply. Accepted shapes: Codex's `{decision}` and the MCP
 * `ElicitResult` `{action: "accept", content: {decision}}`. A declined or cancelled elicitation,
 * or anything we cannot read, is a denial: the agent is told and the turn goes on.
 */
export function decisionFromReply(reply: unknown): ReviewDecision {
  if (typeof reply !== "object" || reply === null) return "denied";
  const r = reply as { action?: unknown; decision?: unknown; content?: unknown };
  if (r.action !== undefined && r.action !== "accept") return "denied";
  if (isDecision(r.decision)) return r.decision;
  const content = r.content as { decision?: unknown } | null | undefined;
  if (typeof content === "object" && content !== null && isDecision(content.decision))
    return content.decision;
  return "denied";
}
