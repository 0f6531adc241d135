// Core approval requests as v2 server requests, and the client's decisions back as core ones.
import { z } from "zod";
import type { EventOf, ReviewDecision } from "../protocol/index.js";
import { commandActions, fileUpdateChanges } from "../core/items/convert.js";
import { formatCommandForDisplay } from "../shell/display.js";

const CommandDecisionSchema = z.union([
  z.enum(["accept", "acceptForSession", "decline", "cancel"]),
  z.object({ acceptWithExecpolicyAmendment: z.object({}).passthrough() }),
  z.object({ applyNetworkPolicyAmendment: z.object({}).passthrough() }),
]);
const CommandReplySchema = z.object({ decision: CommandDecisionSchema });
const FileReplySchema = z.object({
  decision: z.enum(["accept", "acceptForSession", "decline", "cancel"]),
});

function toReview(decision: z.infer<typeof CommandDecisionSchema>): ReviewDecision {
  if (typeof decision !== "string") return "approved";
  switch (decision) {
    case "accept":
      return "approved";
    case "acceptForSession":
      return "approved_for_session";
    case "decline":
      return "denied";
    case "cancel":
      return "abort";
  }
}

export const parseCommandReply = (r: unknown): ReviewDecision | null => {
  const p = CommandReplySchema.safeParse(r);
  return p.success ? toReview(p.data.decision) : null;
};

export const parseFileReply = (r: unknown): ReviewDecision | null => {
  const p = FileReplySchema.safeParse(r);
  return p.success ? toReview(p.data.decision) : null;
};

export function commandApprovalParams(
  threadId: string,
  turnId: string,
  msg: EventOf<"exec_approval_request">,
): Record<string, unknown> {
  return {
    kind: "command",
    threadId,
    turnId,
    itemId: msg.call_id,
    startedAtMs: Date.now(),
    environmentId: "local",
    reason: msg.reason ?? null,
    command: formatCommandForDisplay(msg.command),
    cwd: msg.cwd,
    commandActions: commandActions(msg.parsed_cmd),
    availableDecisions: ["accept", "acceptForSession", "decline", "cancel"],
  };
}

export function fileChangeApprovalParams(
  threadId: string,
  turnId: string,
  msg: EventOf<"apply_patch_approval_request">,
): Record<string, unknown> {
  return {
    threadId,
    turnId,
    itemId: msg.call_id,
    startedAtMs: Date.now(),
    reason: msg.reason ?? null,
    grantRoot: msg.grant_root ?? null,
    changes: fileUpdateChanges(msg.changes),
  };
}

// --- The legacy conversation API's approvals (execCommandApproval / applyPatchApproval) ---

const ReviewReplySchema = z.object({
  decision: z.union([
    z.enum(["approved", "approved_for_session", "denied", "abort", "timed_out"]),
    z.object({ denied: z.object({}).passthrough() }),
    z.object({ approved_execpolicy_amendment: z.object({}).passthrough() }),
  ]),
});

export const parseReviewReply = (r: unknown): ReviewDecision | null => {
  const p = ReviewReplySchema.safeParse(r);
  if (!p.success) return null;
  const d = p.data.decision;
  if (typeof d !== "string") return "denied" in d ? "denied" : "approved";
  return d === "timed_out" ? "denied" : d;
};

export function legacyExecParams(
  conversationId: string,
  msg: EventOf<"exec_approval_request">,
): Record<string, unknown> {
  return {
    conversationId,
    callId: msg.call_id,
    approvalId: null,
    command: msg.command,
    cwd: msg.cwd,
    reason: msg.reason ?? null,
    parsedCmd: msg.parsed_cmd,
  };
}

export function legacyPatchParams(
  conversationId: string,
  msg: EventOf<"apply_patch_approval_request">,
): Record<string, unknown> {
  return {
    conversationId,
    callId: msg.call_id,
    fileChanges: msg.changes,
    reason: msg.reason ?? null,
    grantRoot: msg.grant_root ?? null,
  };
}
