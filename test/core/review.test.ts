// Review mode (seed-spec §7): the isolated thread, its request, the parse fallback, and the
// result recorded in the parent conversation.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Event, ReviewOutputEvent } from "../../src/protocol/index.js";
import { REVIEW_OUTPUT_SCHEMA, REVIEW_PROMPT } from "../../src/review/index.js";
import { makeWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import { messageTexts, say, startSession } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
  writeFileSync(path.join(ws.work, "AGENTS.md"), "PROJECT RULES: always use tabs.\n");
});
afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

const REVIEW: ReviewOutputEvent = {
  findings: [
    {
      title: "[P1] Handle the empty list",
      body: "`first()` indexes `items[0]` without checking the length.",
      confidence_score: 0.8,
      priority: 1,
      code_location: {
        absolute_file_path: "/repo/src/list.ts",
        line_range: { start: 10, end: 12 },
      },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "The new helper crashes on empty input.",
  overall_confidence_score: 0.7,
};

/** How Codex renders REVIEW (explanation, blank line, the findings block). */
const RENDERED =
  "The new helper crashes on empty input.\n\nReview comment:\n\n" +
  "- [P1] Handle the empty list — /repo/src/list.ts:10-12\n" +
  "  `first()` indexes `items[0]` without checking the length.";

/** The reviewer's answer streamed as text deltas, as a real model sends it. */
function streamedAnswer(text: string) {
  const half = Math.floor(text.length / 2);
  return {
    sse: [
      sse.created("r_rev"),
      ...sse.textDeltas([text.slice(0, half), text.slice(half)]),
      sse.completed("r_rev"),
    ],
  };
}

async function runReview(answer: string): Promise<{ events: Event[]; parentTexts: string[] }> {
  mock.enqueue(plainAnswer("parent answer"), streamedAnswer(answer), plainAnswer("next"));
  const { conversation } = await startSession(ws, mock.url, {
    extraToml: 'review_model = "o3"',
  });
  conversation.submit(say("parent question"));
  await eventsUntil(conversation, (m) => m.type === "task_complete");
  const id = conversation.submit({
    type: "review",
    review_request: { prompt: "Review the diff: +let x = 1", user_facing_hint: "the diff" },
  });
  const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
  expect(events.every((e) => e.id === id)).toBe(true);
  conversation.submit(say("fix the first finding"));
  await eventsUntil(conversation, (m) => m.type === "task_complete");
  return { events, parentTexts: messageTexts(mock.requests[2]) };
}

function exited(events: Event[]): ReviewOutputEvent | null | undefined {
  for (const e of events) if (e.msg.type === "exited_review_mode") return e.msg.review_output;
  return undefined;
}

describe("review mode", () => {
  it("runs an isolated thread with the review model, prompt and schema", async () => {
    const { events, parentTexts } = await runReview(JSON.stringify(REVIEW));
    // thread_item_* are the app-server's item events; this test is about the core's own.
    const types = events.map((e) => e.msg.type).filter((t) => !t.startsWith("thread_item"));
    expect(types[0]).toBe("entered_review_mode");
    expect(types[1]).toBe("task_started");
    expect(types.slice(types.indexOf("exited_review_mode"))).toEqual([
      "exited_review_mode",
      "agent_message",
      "task_complete",
    ]);
    // The reviewer's raw text never reaches the front-end; the turn ends with Codex's rendering.
    expect(types).not.toContain("agent_message_delta");
    const said = events.flatMap((e) => (e.msg.type === "agent_message" ? [e.msg.message] : []));
    expect(said).toEqual([RENDERED]);
    expect(exited(events)).toEqual(REVIEW);

    const body = mock.requests[1]!.body!;
    expect(body.model).toBe("o3");
    expect(body.instructions).toBe(REVIEW_PROMPT);
    expect(body.reasoning).toEqual({ effort: "low", summary: "detailed" });
    expect((body.text as { format: Record<string, unknown> }).format).toMatchObject({
      type: "json_schema",
      strict: true,
      schema: REVIEW_OUTPUT_SCHEMA,
    });
    const reviewTexts = messageTexts(mock.requests[1]);
    expect(reviewTexts.at(-1)).toBe("user: Review the diff: +let x = 1");
    // Isolated: no parent conversation, no AGENTS.md.
    expect(reviewTexts.join("\n")).not.toContain("parent question");
    expect(reviewTexts.join("\n")).not.toContain("PROJECT RULES");
    expect(reviewTexts.some((t) => t.includes("<environment_context>"))).toBe(true);

    // The parent thread got the result as a <user_action> message, not the review's turns.
    expect(parentTexts.join("\n")).toContain("PROJECT RULES");
    expect(parentTexts.join("\n")).not.toContain("Review the diff");
    const at = parentTexts.findIndex((t) => t.includes("<user_action>"));
    expect(parentTexts[at]).toBe(
      [
        "user: <user_action>",
        "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>",
        "  <action>review</action>",
        "  <results>",
        `  ${RENDERED}`,
        "  </results>",
        "  </user_action>",
        "",
      ].join("\n"),
    );
    // Then the review turn's own answer, as Codex records it.
    expect(parentTexts[at + 1]).toBe(`assistant: ${RENDERED}`);
    expect(parentTexts.at(-1)).toBe("user: fix the first finding");
  });

  it("parses JSON inside a Markdown fence with prose around it", async () => {
    const fenced = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(REVIEW, null, 2)}\n\`\`\`\nThanks!`;
    const { events } = await runReview(fenced);
    expect(exited(events)).toEqual(REVIEW);
  });

  it("keeps plain text as the overall explanation", async () => {
    const text = "I looked at the change and it seems fine, no issues.";
    const { events, parentTexts } = await runReview(text);
    expect(exited(events)).toEqual({
      findings: [],
      overall_correctness: "",
      overall_explanation: text,
      overall_confidence_score: 0,
    });
    expect(parentTexts.find((t) => t.includes("<user_action>"))).toContain(
      `  <results>\n  ${text}\n  </results>`,
    );
  });

  it("an interrupted review ends with ExitedReviewMode(None), then TurnAborted", async () => {
    mock.enqueue({ hang: true }, plainAnswer("ok"));
    const { conversation } = await startSession(ws, mock.url);
    conversation.submit({
      type: "review",
      review_request: { prompt: "Review everything", user_facing_hint: "everything" },
    });
    await mock.waitForRequests(1);
    conversation.submit({ type: "interrupt" });
    const events = await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    const after = events.slice(events.findIndex((e) => e.msg.type === "exited_review_mode"));
    expect(after.map((e) => e.msg.type).filter((t) => !t.startsWith("thread_item"))).toEqual([
      "exited_review_mode",
      "agent_message",
      "turn_aborted",
    ]);
    expect(exited(events)).toBeNull();
    conversation.submit(say("what happened?"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    const action = messageTexts(mock.requests[1]).find((t) => t.includes("<user_action>"))!;
    expect(action).toContain("<action>review</action>");
    expect(action).toContain("interrupted");
    expect(action).toContain("  None.");
  });

  it("input typed during a review goes to the reviewer, not the parent", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "shell", JSON.stringify({ command: ["sleep", "0.3"] })),
          sse.completed("r1"),
        ],
      },
      plainAnswer(JSON.stringify(REVIEW)),
    );
    const { conversation } = await startSession(ws, mock.url, {
      extraToml: 'sandbox_mode = "danger-full-access"',
    });
    conversation.submit({
      type: "review",
      review_request: { prompt: "Review it", user_facing_hint: "it" },
    });
    await eventsUntil(conversation, (m) => m.type === "exec_command_begin");
    conversation.submit(say("also check error handling"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(messageTexts(mock.requests[1]).at(-1)).toBe("user: also check error handling");
  });

  it("notify: a regular turn names the client; a review names its own thread and turn", async () => {
    const log = path.join(ws.root, "notify.log");
    const notify = `notify = ["bash", "-c", "printf '%s\\\\n' \\"$1\\" >> '${log}'", "notify"]`;
    mock.enqueue(plainAnswer("parent answer"), plainAnswer(JSON.stringify(REVIEW)));
    const { conversation, conversationId } = await startSession(ws, mock.url, {
      extraToml: notify,
      notifyClient: "codex-tui",
      persist: true,
    });
    conversation.submit(say("parent question"));
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    conversation.submit({
      type: "review",
      review_request: { prompt: "Review it", user_facing_hint: "it" },
    });
    await eventsUntil(conversation, (m) => m.type === "task_complete");

    const deadline = Date.now() + 15_000;
    let lines: string[] = [];
    while (lines.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      lines = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
    }
    const [turn, review] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(turn).toMatchObject({
      "thread-id": conversationId,
      client: "codex-tui",
      "input-messages": ["parent question"],
      "last-assistant-message": "parent answer",
    });
    // The review turn belongs to the review's own thread, whose rollout names the parent.
    expect(review).toMatchObject({
      client: "codex-tui",
      "input-messages": ["Review it"],
      "last-assistant-message": JSON.stringify(REVIEW),
    });
    expect(review!["thread-id"]).not.toBe(conversationId);
    expect(review!["turn-id"]).not.toBe(turn!["turn-id"]);
    const subFile = readdirSync(path.join(ws.home, "sessions"), { recursive: true })
      .map(String)
      .find((f) => f.endsWith(`${String(review!["thread-id"])}.jsonl`));
    expect(subFile).toBeDefined();
    const meta = JSON.parse(
      readFileSync(path.join(ws.home, "sessions", subFile!), "utf8").split("\n")[0]!,
    ) as { payload: Record<string, unknown> };
    expect(meta.payload).toMatchObject({
      id: review!["thread-id"],
      parent_thread_id: conversationId,
      source: { subagent: "review" },
    });
  });
});
