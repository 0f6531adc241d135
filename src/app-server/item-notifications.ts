// Item deltas of the core as the v2 notifications that carry them.
import type { EventOf } from "../protocol/index.js";

export function deltaNotification(
  threadId: string,
  msg: EventOf<"thread_item_delta">,
): [string, Record<string, unknown>] {
  const base = { threadId, turnId: msg.turn_id, itemId: msg.item_id };
  const d = msg.delta;
  switch (d.kind) {
    case "agentMessage":
      return ["item/agentMessage/delta", { ...base, delta: d.delta }];
    case "reasoningSummaryText":
      return [
        "item/reasoning/summaryTextDelta",
        { ...base, delta: d.delta, summaryIndex: d.summaryIndex },
      ];
    case "reasoningSummaryPartAdded":
      return ["item/reasoning/summaryPartAdded", { ...base, summaryIndex: d.summaryIndex }];
    case "reasoningText":
      return [
        "item/reasoning/textDelta",
        { ...base, delta: d.delta, contentIndex: d.contentIndex },
      ];
    case "commandOutput":
      return ["item/commandExecution/outputDelta", { ...base, delta: d.delta }];
    case "fileChangeOutput":
      return ["item/fileChange/outputDelta", { ...base, delta: d.delta }];
    case "mcpProgress":
      return ["item/mcpToolCall/progress", { ...base, message: d.message }];
  }
}
