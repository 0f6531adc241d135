import { describe, it, expect } from "vitest";
import {
  buildCompactedHistory,
  collectUserMessages,
  dropLastUserTurns,
  eventMsgsForReplay,
  forkItems,
  reconstructHistory,
  SUMMARY_PREFIX,
  withoutRolledBackTurns,
} from "./reconstruct.js";
import type { ResponseItem } from "../protocol/index.js";
import type { RolloutItem } from "./types.js";

const user = (text: string): ResponseItem => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const assistant = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});
const dev: ResponseItem = {
  type: "message",
  role: "developer",
  content: [{ type: "input_text", text: "be nice" }],
};
const env = user("<environment_context>\n  <cwd>/w</cwd>\n</environment_context>");
const ri = (payload: ResponseItem): RolloutItem => ({ type: "response_item", payload });

describe("collectUserMessages", () => {
  it("skips context and summary messages", () => {
    const history = [
      dev,
      env,
      user("one"),
      assistant("a"),
      user(`${SUMMARY_PREFIX}\nold`),
      user("two"),
    ];
    expect(collectUserMessages(history)).toEqual(["one", "two"]);
  });
});

describe("buildCompactedHistory", () => {
  it("is initial context + user messages + summary", () => {
    const out = buildCompactedHistory([dev, env], ["one", "two"], "did things");
    expect(out.slice(0, 2)).toEqual([dev, env]);
    expect(out[2]).toEqual(user("one"));
    expect(out[3]).toEqual(user("two"));
    expect(out[4]).toEqual(user(`${SUMMARY_PREFIX}\ndid things`));
  });

  it("keeps the most recent messages within the budget, cutting the oldest kept one", () => {
    const old = "o".repeat(400);
    const mid = "m".repeat(400);
    const recent = "r".repeat(40);
    // 10 + 100 tokens fit in 150 tokens whole; 40 tokens remain for the oldest.
    const out = buildCompactedHistory([], [old, mid, recent], "s", 150);
    const texts = collectUserMessages(out);
    expect(texts[texts.length - 1]).toBe(recent);
    expect(texts[texts.length - 2]).toBe(mid);
    expect(texts).toHaveLength(3);
    expect(texts[0]?.startsWith("o".repeat(160))).toBe(true);
    expect(texts[0]?.length).toBeLessThan(400);
    expect(texts[0]).toContain("truncated");
  });

  it("drops messages once the budget is used up", () => {
    const out = buildCompactedHistory([], ["a".repeat(400), "b".repeat(400)], "s", 100);
    expect(collectUserMessages(out)).toEqual(["b".repeat(400)]);
  });
});

describe("reconstructHistory", () => {
  it("replays response items and ignores other kinds", () => {
    const items: RolloutItem[] = [
      ri(dev),
      {
        type: "turn_context",
        payload: {
          cwd: "/w",
          approval_policy: "never",
          sandbox_policy: { type: "read-only" },
          model: "m",
          summary: "auto",
        },
      },
      ri(user("hi")),
      { type: "event_msg", payload: { type: "user_message", message: "hi" } },
      ri(assistant("hello")),
    ];
    expect(reconstructHistory(items)).toEqual([dev, user("hi"), assistant("hello")]);
  });

  it("drops response item kinds it does not know", () => {
    const odd = { type: "additional_tools", tools: [] } as unknown as ResponseItem;
    expect(reconstructHistory([ri(user("hi")), ri(odd)])).toEqual([user("hi")]);
  });

  it("rebuilds history at a compacted item from the leading context", () => {
    const items: RolloutItem[] = [
      ri(dev),
      ri(env),
      ri(user("one")),
      ri(assistant("a1")),
      ri(user("two")),
      ri(assistant("a2")),
      { type: "compacted", payload: { message: "sum" } },
      ri(user("three")),
    ];
    expect(reconstructHistory(items)).toEqual([
      dev,
      env,
      user("one"),
      user("two"),
      user(`${SUMMARY_PREFIX}\nsum`),
      user("three"),
    ]);
  });

  it("uses replacement_history verbatim when present", () => {
    const replacement = [dev, user("kept")];
    const items: RolloutItem[] = [
      ri(user("one")),
      { type: "compacted", payload: { message: "sum", replacement_history: replacement } },
      ri(assistant("after")),
    ];
    expect(reconstructHistory(items)).toEqual([dev, user("kept"), assistant("after")]);
  });

  it("uses the caller's initial context when given", () => {
    const items: RolloutItem[] = [
      ri(env),
      ri(user("one")),
      { type: "compacted", payload: { message: "s" } },
    ];
    const out = reconstructHistory(items, { initialContext: [dev] });
    expect(out).toEqual([dev, user("one"), user(`${SUMMARY_PREFIX}\ns`)]);
  });

  it("does not carry an earlier summary into the next compaction's user messages", () => {
    const items: RolloutItem[] = [
      ri(env),
      ri(user("one")),
      { type: "compacted", payload: { message: "first" } },
      ri(user("two")),
      { type: "compacted", payload: { message: "second" } },
    ];
    expect(reconstructHistory(items)).toEqual([
      env,
      user("one"),
      user("two"),
      user(`${SUMMARY_PREFIX}\nsecond`),
    ]);
  });
});

describe("eventMsgsForReplay", () => {
  it("returns persisted events in order", () => {
    const items: RolloutItem[] = [
      ri(user("hi")),
      { type: "event_msg", payload: { type: "user_message", message: "hi" } },
      { type: "event_msg", payload: { type: "agent_message", message: "yo" } },
    ];
    expect(eventMsgsForReplay(items)).toEqual([
      { type: "user_message", message: "hi" },
      { type: "agent_message", message: "yo" },
    ]);
  });

  it("maps newer Codex item_completed transcript events to message events", () => {
    const items = [
      {
        type: "event_msg",
        payload: {
          type: "item_completed",
          thread_id: "t",
          turn_id: "u",
          item: {
            type: "UserMessage",
            id: "1",
            content: [{ type: "text", text: "q", text_elements: [] }],
          },
        },
      },
      {
        type: "event_msg",
        payload: {
          type: "item_completed",
          thread_id: "t",
          turn_id: "u",
          item: { type: "AgentMessage", id: "2", content: [{ type: "Text", text: "a" }] },
        },
      },
      { type: "event_msg", payload: { type: "thread_settings_applied" } },
    ] as unknown as RolloutItem[];
    expect(eventMsgsForReplay(items)).toEqual([
      { type: "user_message", message: "q" },
      { type: "agent_message", message: "a" },
    ]);
  });
});

describe("forkItems", () => {
  const turn = (n: number): RolloutItem[] => [
    { type: "event_msg", payload: { type: "task_started", model_context_window: null } },
    {
      type: "turn_context",
      payload: {
        cwd: "/w",
        approval_policy: "never",
        sandbox_policy: { type: "read-only" },
        model: "m",
        summary: "auto",
      },
    },
    ri(user(`q${n}`)),
    { type: "event_msg", payload: { type: "user_message", message: `q${n}` } },
    ri(assistant(`a${n}`)),
    { type: "event_msg", payload: { type: "task_complete", last_agent_message: `a${n}` } },
  ];
  const meta: RolloutItem = {
    type: "session_meta",
    payload: {
      id: "x",
      timestamp: "t",
      cwd: "/w",
      originator: "o",
      cli_version: "1",
      source: "exec",
    },
  };
  const items: RolloutItem[] = [meta, ri(dev), ri(env), ...turn(0), ...turn(1), ...turn(2)];

  it("cuts before the n-th user message, dropping that turn's opening items", () => {
    expect(forkItems(items, 0)).toEqual([ri(dev), ri(env)]);
    const one = forkItems(items, 1);
    expect(one).toEqual([ri(dev), ri(env), ...turn(0)]);
    expect(reconstructHistory(forkItems(items, 2))).toEqual([
      dev,
      env,
      user("q0"),
      assistant("a0"),
      user("q1"),
      assistant("a1"),
    ]);
  });

  it("keeps everything but session_meta when n is past the last user message", () => {
    expect(forkItems(items, 3)).toEqual(items.slice(1));
  });

  // Codex's ThreadRolledBack, as thread/revert records it.
  const rolledBack = (n: number): RolloutItem => ({
    type: "event_msg",
    payload: { type: "thread_rolled_back", num_turns: n },
  });

  it("honours thread_rolled_back: history, replayed events and forks lose the last n user turns", () => {
    const withRollback = [...items, rolledBack(2), ...turn(3)];
    expect(withoutRolledBackTurns(withRollback)).toEqual([
      meta,
      ri(dev),
      ri(env),
      ...turn(0),
      ...turn(3),
    ]);
    expect(reconstructHistory(withRollback)).toEqual([
      dev,
      env,
      user("q0"),
      assistant("a0"),
      user("q3"),
      assistant("a3"),
    ]);
    const replayed = eventMsgsForReplay(withRollback).filter((e) => e.type === "user_message");
    expect(replayed).toEqual([
      { type: "user_message", message: "q0" },
      { type: "user_message", message: "q3" },
    ]);
    expect(forkItems(withRollback, 1)).toEqual([ri(dev), ri(env), ...turn(0)]);
    // Rolling back more turns than there are keeps the session's initial context.
    expect(withoutRolledBackTurns([...items, rolledBack(9)])).toEqual([meta, ri(dev), ri(env)]);
    expect(reconstructHistory([...items, rolledBack(9)])).toEqual([dev, env]);
  });

  it("dropLastUserTurns cuts at the n-th last user message", () => {
    const history = [dev, env, user("q0"), assistant("a0"), user("q1"), assistant("a1")];
    expect(dropLastUserTurns(history, 1)).toEqual([dev, env, user("q0"), assistant("a0")]);
    expect(dropLastUserTurns(history, 5)).toEqual([dev, env]);
    expect(dropLastUserTurns(history, 0)).toEqual(history);
  });
});
