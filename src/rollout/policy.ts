// Which items are worth persisting. Streaming deltas and UI-only events are dropped: they are
// either reconstructible from the final items or meaningless after the session ends.
import type { EventMsgType } from "../protocol/index.js";
import type { RolloutItem } from "./types.js";

/**
 * Events kept in rollouts. Modelled on Codex's policy for its (legacy) event-based rollouts:
 * the transcript (user/agent messages, reasoning), accounting, turn boundaries and mode
 * changes. Command/patch/MCP events are not kept: their outcome is already in the
 * function_call_output response items, and their raw output can be huge.
 */
export const PERSISTED_EVENT_TYPES: ReadonlySet<EventMsgType> = new Set<EventMsgType>([
  "user_message",
  "agent_message",
  "agent_reasoning",
  "agent_reasoning_raw_content",
  "token_count",
  "task_started",
  "task_complete",
  "turn_aborted",
  "context_compacted",
  "entered_review_mode",
  "exited_review_mode",
  "undo_completed",
  "thread_rolled_back",
  "error",
]);

/** Whether `item` belongs in the rollout file. */
export function shouldPersist(item: RolloutItem): boolean {
  switch (item.type) {
    case "event_msg":
      return PERSISTED_EVENT_TYPES.has(item.payload.type);
    case "response_item":
    case "session_meta":
    case "turn_context":
    case "compacted":
      return true;
  }
}
