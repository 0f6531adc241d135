// Compaction (seed-spec §8): manual, automatic mid-task, the retry when the summarising request
// does not fit, the "still above the limit" error, and resume after a compaction.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { COMPACT_PROMPT } from "../../src/core/tasks/compact.js";
import { CONTEXT_WINDOW_MESSAGE } from "../../src/model/errors.js";
import {
  eventMsgsForReplay,
  readRollout,
  reconstructHistory,
  SUMMARY_PREFIX,
} from "../../src/rollout/index.js";
import { makeWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import {
  contextLengthExceeded,
  messageTexts,
  requestInput,
  say,
  startSession,
} from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
});
afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

function toolCallThenUsage(callId: string, totalTokens: number) {
  return {
    sse: [
      sse.created(`r_${callId}`),
      ...sse.functionCall(callId, "exec_command", JSON.stringify({ cmd: "echo tool-ran" })),
      sse.completed(`r_${callId}`, { input_tokens: totalTokens - 10, output_tokens: 10 }),
    ],
  };
}

describe("manual compaction", () => {
  it("summarises, then continues from context + user messages + summary", async () => {
    mock.enqueue(plainAnswer("answer one"), plainAnswer("SUMMARY OF WORK"), plainAnswer("after"));
    const { conversation } = await startSession(ws, mock.url);
    conversation.submit(say("first question"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");

    const compactId = conversation.submit({ type: "compact" });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.every((e) => e.id === compactId)).toBe(true);
    const types = events.map((e) => e.msg.type);
    expect(types[0]).toBe("task_started");
    expect(types).toContain("context_compacted");
    expect(types.indexOf("context_compacted")).toBeLessThan(types.indexOf("task_complete"));
    // The summary is not shown as an answer.
    expect(types).not.toContain("agent_message");

    const summarising = mock.requests[1]!;
    expect(summarising.body!.tools).toEqual([]);
    expect(messageTexts(summarising).at(-1)).toBe(`user: ${COMPACT_PROMPT}`);
    expect(messageTexts(summarising)).toContain("assistant: answer one");

    conversation.submit(say("second question"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    const texts = messageTexts(mock.requests[2]);
    expect(texts.some((t) => t.includes("<environment_context>"))).toBe(true);
    expect(texts.slice(-3)).toEqual([
      "user: first question",
      `user: ${SUMMARY_PREFIX}\nSUMMARY OF WORK`,
      "user: second question",
    ]);
    expect(texts).not.toContain("assistant: answer one");
  });

  it("retries once without the older half, then fails with the context-window error", async () => {
    mock.enqueue(
      plainAnswer("a1"),
      plainAnswer("a2"),
      plainAnswer("a3"),
      contextLengthExceeded(),
      contextLengthExceeded(),
    );
    const { conversation } = await startSession(ws, mock.url);
    for (const q of ["q1", "q2", "q3"]) {
      conversation.submit(say(q));
      await eventsUntil(conversation, (m) => m.type === "task_complete");
    }
    conversation.submit({ type: "compact" });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    const errors = events.flatMap((e) => (e.msg.type === "error" ? [e.msg.message] : []));
    expect(errors).toEqual([CONTEXT_WINDOW_MESSAGE]);
    expect(events.map((e) => e.msg.type)).not.toContain("context_compacted");
    // The retry dropped the older half of the conversation but kept the context on top.
    const first = messageTexts(mock.requests[3]);
    const retry = messageTexts(mock.requests[4]);
    expect(first).toContain("user: q1");
    expect(retry).not.toContain("user: q1");
    expect(retry).toContain("user: q3");
    expect(retry[0]).toEqual(first[0]);
    expect(retry.at(-1)).toBe(`user: ${COMPACT_PROMPT}`);

    // The history was left as it was: the next turn still sees everything.
    mock.enqueue(plainAnswer("a4"));
    conversation.submit(say("q4"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(messageTexts(mock.requests[5])).toContain("assistant: a1");
  });

  it("a retry that fits compacts normally", async () => {
    mock.enqueue(plainAnswer("a1"), plainAnswer("a2"), contextLengthExceeded(), plainAnswer("S"));
    const { conversation } = await startSession(ws, mock.url);
    for (const q of ["q1", "q2"]) {
      conversation.submit(say(q));
      await eventsUntil(conversation, (m) => m.type === "task_complete");
    }
    conversation.submit({ type: "compact" });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.map((e) => e.msg.type)).toContain("context_compacted");
    expect(events.map((e) => e.msg.type)).not.toContain("error");
  });
});

describe("automatic compaction", () => {
  const limit = "model_auto_compact_token_limit = 1000";

  it("compacts when usage passes the limit and the task continues from the summary", async () => {
    mock.enqueue(
      toolCallThenUsage("call_1", 5000),
      plainAnswer("MID-TASK SUMMARY", { input_tokens: 900, output_tokens: 20 }),
      plainAnswer("done", { input_tokens: 300, output_tokens: 5 }),
    );
    const { conversation } = await startSession(ws, mock.url, { extraToml: limit });
    const id = conversation.submit(say("do the thing"));
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.every((e) => e.id === id)).toBe(true);
    const types = events.map((e) => e.msg.type);
    expect(types.filter((t) => t === "task_started")).toHaveLength(1);
    expect(types).toContain("context_compacted");
    expect(events.at(-1)!.msg).toEqual({ type: "task_complete", last_agent_message: "done" });

    // The summarising request saw the tool's result; the continuation sees only the summary.
    const summarising = requestInput(mock.requests[1]);
    expect(summarising.some((i) => i.type === "function_call_output")).toBe(true);
    expect(messageTexts(mock.requests[1]).at(-1)).toBe(`user: ${COMPACT_PROMPT}`);
    const continuation = requestInput(mock.requests[2]);
    expect(continuation.some((i) => i.type === "function_call")).toBe(false);
    expect(messageTexts(mock.requests[2]).slice(-2)).toEqual([
      "user: do the thing",
      `user: ${SUMMARY_PREFIX}\nMID-TASK SUMMARY`,
    ]);
  });

  it("stops with the seed's error when still above the limit right after compacting", async () => {
    mock.enqueue(
      toolCallThenUsage("call_1", 5000),
      plainAnswer("S"),
      toolCallThenUsage("call_2", 4321),
    );
    const { conversation } = await startSession(ws, mock.url, { extraToml: limit });
    conversation.submit(say("big task"));
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    const errors = events.flatMap((e) => (e.msg.type === "error" ? [e.msg.message] : []));
    expect(errors).toEqual([
      "Conversation is still above the token limit after automatic summarization (limit 1000, current 4321). Please start a new session or trim your input.",
    ]);
    expect(mock.requests).toHaveLength(3);
  });

  it("a final answer over the limit is compacted without another request", async () => {
    mock.enqueue(
      plainAnswer("big answer", { input_tokens: 2000, output_tokens: 10 }),
      plainAnswer("S"),
    );
    const { conversation } = await startSession(ws, mock.url, { extraToml: limit });
    conversation.submit(say("q"));
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.map((e) => e.msg.type)).toContain("context_compacted");
    expect(events.at(-1)!.msg).toEqual({ type: "task_complete", last_agent_message: "big answer" });
    expect(mock.requests).toHaveLength(2);
  });
});

describe("resume after compaction", () => {
  it("the next request is the same whether the session was resumed or not", async () => {
    mock.enqueue(
      plainAnswer("a1"),
      plainAnswer("THE SUMMARY"),
      plainAnswer("a2"),
      plainAnswer("a3 live"),
      plainAnswer("a3 resumed"),
    );
    const live = await startSession(ws, mock.url, { persist: true });
    const c = live.conversation;
    c.submit(say("q1"));
    await eventsUntil(c, (m) => m.type === "task_complete");
    c.submit({ type: "compact" });
    await eventsUntil(c, (m) => m.type === "task_complete");
    c.submit(say("q2"));
    await eventsUntil(c, (m) => m.type === "task_complete");
    // The file as it stands now (flushed at the end of the turn) is what a resume would read.
    const saved = path.join(ws.root, "saved-rollout.jsonl");
    copyFileSync(c.rolloutPath!, saved);
    c.submit(say("q3"));
    await eventsUntil(c, (m) => m.type === "task_complete");
    c.submit({ type: "shutdown" });
    await eventsUntil(c, (m) => m.type === "shutdown_complete");
    const liveInput = requestInput(mock.requests[3]);

    const { items } = await readRollout(saved);
    const compacted = items.filter((i) => i.type === "compacted");
    expect(compacted).toHaveLength(1);
    expect(compacted[0]!.payload).toMatchObject({ message: "THE SUMMARY" });

    const resumed = await startSession(ws, mock.url, {
      persist: true,
      initialHistory: {
        kind: "resumed",
        conversationId: live.conversationId,
        rolloutPath: saved,
        history: reconstructHistory(items),
        events: eventMsgsForReplay(items),
      },
    });
    expect(resumed.conversationId).toBe(live.conversationId);
    resumed.conversation.submit(say("q3"));
    await eventsUntil(resumed.conversation, (m) => m.type === "task_complete");
    expect(requestInput(mock.requests[4])).toEqual(liveInput);
    resumed.conversation.submit({ type: "shutdown" });
    await eventsUntil(resumed.conversation, (m) => m.type === "shutdown_complete");
  });
});
