// The core may announce an assistant message or a reasoning summary twice — once as a legacy
// event (`agent_message`, one `agent_reasoning` per summary part) and once as an
// `item_completed` turn item — and in either order. Output processors want each exactly once,
// with a reasoning item's parts joined by "\n" (reference §9). This module turns the raw stream
// into legacy-style events with those guarantees. Only the human output uses it now: `--json`
// reads the item model instead (jsonl.ts), where each message and reasoning item comes once.
import type { EventMsg, TurnItem } from "../protocol/index.js";

/** Events that never end a run of `agent_reasoning` parts (streaming noise). */
const PASS_THROUGH_WITHOUT_FLUSH = new Set<EventMsg["type"]>([
  "agent_reasoning_delta",
  "agent_reasoning_section_break",
  "agent_reasoning_raw_content",
  "agent_reasoning_raw_content_delta",
  "agent_message_delta",
  "exec_command_output_delta",
]);

export class CoreEventNormalizer {
  /** Legacy `agent_reasoning` parts of the reasoning item being received. */
  private pendingReasoning: string[] = [];
  /** Parts already emitted from an `item_completed`; their legacy twins are dropped. */
  private reasoningPartsToSkip: string[] = [];
  /** Messages emitted from a legacy event whose `item_completed` twin may still come. */
  private legacyMessagesAwaitingItem: string[] = [];
  /** Messages emitted from an `item_completed` whose legacy twin may still come. */
  private itemMessagesAwaitingLegacy: string[] = [];

  push(msg: EventMsg): EventMsg[] {
    if (PASS_THROUGH_WITHOUT_FLUSH.has(msg.type)) return [msg];
    switch (msg.type) {
      case "agent_reasoning":
        if (this.reasoningPartsToSkip[0] === msg.text) {
          this.reasoningPartsToSkip.shift();
          return [];
        }
        this.reasoningPartsToSkip = [];
        this.pendingReasoning.push(msg.text);
        return [];
      case "item_started":
        return isMessageOrReasoning(msg.item) ? [] : [msg];
      case "item_completed":
        return this.onItemCompleted(msg);
      case "agent_message":
        return [...this.flush(), ...this.onLegacyMessage(msg.message)];
      case "task_complete":
      case "turn_aborted": {
        const out = this.flush();
        this.legacyMessagesAwaitingItem = [];
        this.itemMessagesAwaitingLegacy = [];
        this.reasoningPartsToSkip = [];
        out.push(msg);
        return out;
      }
      default:
        return [...this.flush(), msg];
    }
  }

  /** Emit a reasoning item still being collected. */
  flush(): EventMsg[] {
    if (this.pendingReasoning.length === 0) return [];
    const text = this.pendingReasoning.join("\n");
    this.pendingReasoning = [];
    return text.trim() === "" ? [] : [{ type: "agent_reasoning", text }];
  }

  private onItemCompleted(msg: Extract<EventMsg, { type: "item_completed" }>): EventMsg[] {
    const item = msg.item;
    if (item.type === "Reasoning") {
      if (this.pendingReasoning.length > 0) return this.flush();
      this.reasoningPartsToSkip = [...item.summary_text];
      const text = item.summary_text.join("\n");
      return text.trim() === "" ? [] : [{ type: "agent_reasoning", text }];
    }
    if (item.type === "AgentMessage") {
      const out = this.flush();
      const text = item.content.map((part) => part.text).join("");
      if (this.legacyMessagesAwaitingItem[0] === text) {
        this.legacyMessagesAwaitingItem.shift();
        return out;
      }
      this.itemMessagesAwaitingLegacy.push(text);
      out.push({ type: "agent_message", message: text });
      return out;
    }
    return [...this.flush(), msg];
  }

  private onLegacyMessage(text: string): EventMsg[] {
    if (this.itemMessagesAwaitingLegacy[0] === text) {
      this.itemMessagesAwaitingLegacy.shift();
      return [];
    }
    this.legacyMessagesAwaitingItem.push(text);
    return [{ type: "agent_message", message: text }];
  }
}

function isMessageOrReasoning(item: TurnItem): boolean {
  return item.type === "AgentMessage" || item.type === "Reasoning";
}
