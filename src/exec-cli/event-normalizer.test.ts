import { describe, it, expect } from "vitest";
import type { EventMsg } from "../protocol/index.js";
import { CoreEventNormalizer } from "./event-normalizer.js";

const item = (text: string): EventMsg => ({
  type: "item_completed",
  thread_id: "t",
  turn_id: "u",
  item: { type: "AgentMessage", id: "m", content: [{ type: "Text", text }] },
});

function feed(events: EventMsg[]): EventMsg[] {
  const n = new CoreEventNormalizer();
  return [...events.flatMap((e) => n.push(e)), ...n.flush()];
}

describe("CoreEventNormalizer", () => {
  it("emits each assistant message once whether the item or the legacy event comes first", () => {
    const legacy: EventMsg = { type: "agent_message", message: "hi" };
    for (const order of [
      [item("hi"), legacy],
      [legacy, item("hi")],
    ]) {
      expect(feed(order)).toEqual([{ type: "agent_message", message: "hi" }]);
    }
  });

  it("keeps a message repeated on purpose", () => {
    const legacy: EventMsg = { type: "agent_message", message: "same" };
    expect(feed([legacy, legacy]).filter((e) => e.type === "agent_message")).toHaveLength(2);
    expect(
      feed([item("same"), legacy, item("same"), legacy]).filter((e) => e.type === "agent_message"),
    ).toHaveLength(2);
  });

  it("collects legacy reasoning parts until something else happens", () => {
    const out = feed([
      { type: "agent_reasoning", text: "a" },
      { type: "agent_reasoning_section_break" },
      { type: "agent_reasoning", text: "b" },
      { type: "token_count", info: null, rate_limits: null },
      { type: "agent_reasoning", text: "c" },
    ]);
    expect(out).toEqual([
      { type: "agent_reasoning_section_break" },
      { type: "agent_reasoning", text: "a\nb" },
      { type: "token_count", info: null, rate_limits: null },
      { type: "agent_reasoning", text: "c" },
    ]);
  });
});
