// The queue-pair contract: ids, first event, interrupt, shutdown.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { eventsUntil, startConversation } from "./session-harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

describe("Conversation", () => {
  it("starts with SessionConfigured and numbers submissions from 0", async () => {
    mock.enqueue(plainAnswer("one"), plainAnswer("two"));
    const { conversation, sessionConfigured, conversationId } = await startConversation(
      ws,
      mock.url,
    );
    expect(sessionConfigured.type).toBe("session_configured");
    expect(sessionConfigured.session_id).toBe(conversationId);
    const id0 = conversation.submit({
      type: "user_input",
      items: [{ type: "text", text: "first" }],
    });
    expect(id0).toBe("0");
    const first = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(first.every((e) => e.id === "0")).toBe(true);
    expect(first.at(-1)!.msg).toEqual({ type: "task_complete", last_agent_message: "one" });
    const id1 = conversation.submit({
      type: "user_input",
      items: [{ type: "text", text: "second" }],
    });
    expect(id1).toBe("1");
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    // The second request carries the whole history: first prompt, first answer, second prompt.
    const input = mock.requests[1]!.body!.input as Array<{ type: string; role?: string }>;
    const roles = input.filter((i) => i.type === "message").map((i) => i.role);
    expect(roles.slice(-3)).toEqual(["user", "assistant", "user"]);
    conversation.submit({ type: "shutdown" });
    const end = await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    expect(end.at(-1)!.id).toBe("2");
    expect(await conversation.nextEvent()).toBeUndefined();
  });

  it("Interrupt aborts a running turn with exactly one TurnAborted", async () => {
    mock.enqueue({ hang: true }, plainAnswer("after"));
    const { conversation } = await startConversation(ws, mock.url);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "hang" }] });
    await mock.waitForRequests(1);
    conversation.submit({ type: "interrupt" });
    conversation.submit({ type: "interrupt" });
    const seen = await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    expect(seen.at(-1)!.msg).toEqual({ type: "turn_aborted", reason: "interrupted" });
    // The session goes on: the next turn works and no second TurnAborted ever appears.
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "again" }] });
    const next = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(next.filter((e) => e.msg.type === "turn_aborted")).toHaveLength(0);
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
  });

  it("an interrupted tool call still gets exactly one output", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("call_sleep", "exec_command", JSON.stringify({ cmd: "sleep 30" })),
          sse.completed("r1"),
        ],
      },
      plainAnswer("next"),
    );
    const { conversation } = await startConversation(ws, mock.url, {
      sandboxMode: "danger-full-access",
    });
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "sleep" }] });
    await eventsUntil(conversation, (m) => m.type === "exec_command_begin");
    conversation.submit({ type: "interrupt" });
    await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "continue" }] });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    // The mock checks the one-output-per-call invariant on this request (afterEach).
    const input = mock.requests[1]!.body!.input as Array<Record<string, unknown>>;
    const outputs = input.filter(
      (i) => i.type === "function_call_output" && i.call_id === "call_sleep",
    );
    expect(outputs).toHaveLength(1);
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
  });
});
