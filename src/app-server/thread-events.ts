// The translation of one thread's core events into v2 notifications (broadcast to the thread's
// subscribers) and server requests (approvals, elicitations). The thread itself (turns,
// subscribers, pending requests) is in loaded-thread.ts; this file only maps event → message.
import type {
  Event,
  EventMsg,
  Op,
  RateLimitSnapshot,
  ReviewDecision,
  ThreadItem,
} from "../protocol/index.js";
import {
  commandApprovalParams,
  fileChangeApprovalParams,
  legacyExecParams,
  legacyPatchParams,
  parseCommandReply,
  parseFileReply,
  parseReviewReply,
} from "./approvals.js";
import { appendItem } from "./turn-items.js";
import { forwardElicitation } from "./elicitation.js";
import { deltaNotification } from "./item-notifications.js";
import {
  nowSeconds,
  planV2,
  rateLimitsV2,
  tokenUsageV2,
  turnObject,
  type ThreadStatus,
  type TurnRecord,
} from "./v2.js";

/** What the translation needs of the thread it speaks for. */
export interface EventHost {
  readonly id: string;
  readonly turns: TurnRecord[];
  /** The running turn came from the legacy conversation API (v1 approval requests). */
  readonly legacyTurn: boolean;
  rateLimits: RateLimitSnapshot | null;
  broadcast(method: string, params: Record<string, unknown>): void;
  setStatus(status: ThreadStatus): void;
  finishTurn(turn: TurnRecord, msg: EventMsg): void;
  askApproval(
    callId: string,
    op: "exec_approval" | "patch_approval",
    method: string,
    params: Record<string, unknown>,
    parse: (r: unknown) => ReviewDecision | null,
  ): void;
  askClient<T>(
    method: string,
    params: Record<string, unknown>,
    opts: { parse: (r: unknown) => T | null; fallback: () => T; flag: string },
  ): Promise<T>;
  submitQuietly(op: Op): void;
}

/** Sends what `ev` means to the thread's clients; `turn` is the running turn it belongs to. */
export function translateEvent(host: EventHost, ev: Event, turn: TurnRecord | null): void {
  const msg = ev.msg;
  const threadId = host.id;
  const turnId = turn?.id ?? ev.id;
  switch (msg.type) {
    case "task_started":
      if (!turn) return;
      turn.startedAt = nowSeconds();
      host.setStatus({ type: "active", activeFlags: [] });
      host.broadcast("turn/started", { threadId, turn: turnObject(turn, "notLoaded") });
      return;
    case "thread_item_started":
      host.broadcast("item/started", {
        item: { ...msg.item, startedAtMs: msg.started_at_ms, completedAtMs: null },
        threadId,
        turnId: msg.turn_id,
        startedAtMs: msg.started_at_ms,
      });
      return;
    case "thread_item_completed": {
      const owner = host.turns.find((t) => t.id === msg.turn_id) ?? turn;
      if (owner) appendItem(owner, retained(msg.item));
      host.broadcast("item/completed", {
        item: { ...msg.item, completedAtMs: msg.completed_at_ms },
        threadId,
        turnId: msg.turn_id,
        contentTokenCount: null,
        completedAtMs: msg.completed_at_ms,
      });
      return;
    }
    case "thread_item_delta": {
      const [method, params] = deltaNotification(threadId, msg);
      host.broadcast(method, params);
      return;
    }
    case "exec_approval_request":
      if (host.legacyTurn) {
        host.askApproval(
          msg.call_id,
          "exec_approval",
          "execCommandApproval",
          legacyExecParams(threadId, msg),
          parseReviewReply,
        );
      } else {
        host.askApproval(
          msg.call_id,
          "exec_approval",
          "item/commandExecution/requestApproval",
          commandApprovalParams(threadId, turnId, msg),
          parseCommandReply,
        );
      }
      return;
    case "apply_patch_approval_request":
      if (host.legacyTurn) {
        host.askApproval(
          msg.call_id,
          "patch_approval",
          "applyPatchApproval",
          legacyPatchParams(threadId, msg),
          parseReviewReply,
        );
      } else {
        host.askApproval(
          msg.call_id,
          "patch_approval",
          "item/fileChange/requestApproval",
          fileChangeApprovalParams(threadId, turnId, msg),
          parseFileReply,
        );
      }
      return;
    case "elicitation_request":
      forwardElicitation(host, threadId, turnId, msg, (op) => host.submitQuietly(op));
      return;
    case "token_count":
      if (msg.info) {
        host.broadcast("thread/tokenUsage/updated", {
          threadId,
          turnId,
          tokenUsage: tokenUsageV2(msg.info),
        });
      }
      if (msg.rate_limits) host.rateLimits = msg.rate_limits;
      host.broadcast("account/rateLimits/updated", { rateLimits: rateLimitsV2(msg.rate_limits) });
      return;
    case "turn_diff":
      host.broadcast("turn/diff/updated", { threadId, turnId, diff: msg.unified_diff });
      return;
    case "plan_update":
      host.broadcast("turn/plan/updated", {
        threadId,
        turnId,
        explanation: msg.explanation ?? null,
        plan: planV2(msg.plan),
      });
      return;
    case "context_compacted":
      host.broadcast("thread/compacted", { threadId, turnId });
      return;
    case "error":
    case "stream_error":
      if (turn && msg.type === "error") turn.error = { message: msg.message };
      host.broadcast("error", {
        error: { message: msg.message, codexErrorInfo: null, additionalDetails: null },
        willRetry: msg.type === "stream_error",
        threadId,
        turnId,
      });
      return;
    case "warning":
      host.broadcast("warning", { threadId, message: msg.message });
      return;
    case "task_complete":
    case "turn_aborted":
      if (turn) host.finishTurn(turn, msg);
      return;
    default:
      return;
  }
}

/**
 * The copy of a completed item a loaded thread keeps for `thread/read`. A command's output was
 * delivered with its notifications and is not kept: over a long session it was the bulk of the
 * server's memory (a thread read back from its rollout has no command output either).
 */
function retained(item: ThreadItem): ThreadItem {
  if (item.type === "commandExecution" && item.aggregatedOutput !== null)
    return { ...item, aggregatedOutput: null };
  return item;
}
