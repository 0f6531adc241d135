// The legacy conversation API (seed 002) over the same threads: newConversation, listeners,
// sendUserMessage, codex/event/* notifications, execCommandApproval, interruptConversation.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'approval_policy = "on-request"\nsandbox_mode = "read-only"' },
);

const spawnServer = useAppServerClients();

const escalated = (callId: string, cmd: string) => ({
  sse: [
    sse.created("r1"),
    ...sse.functionCall(
      callId,
      "exec_command",
      JSON.stringify({ cmd, sandbox_permissions: "require_escalated", justification: "needs it" }),
    ),
    sse.completed("r1"),
  ],
});

describe("legacy conversation API", () => {
  it("runs a conversation with an approval and streams codex/event notifications", async () => {
    const client = spawnServer({ cwd: ws.work, home: ws.home });
    const c = client;
    await c.initialize();
    mock.enqueue(escalated("call_l", "echo legacy > legacy.txt"), plainAnswer("legacy done"));
    const conv = await c.call("newConversation", { cwd: ws.work });
    expect(conv).toMatchObject({ model: "gpt-5.5" });
    const conversationId = conv.conversationId as string;
    expect(conv.rolloutPath).toMatch(
      new RegExp(`^${ws.home}/sessions/.*${conv.conversationId}\\.jsonl$`),
    );
    const sub = await c.call("addConversationListener", { conversationId });
    expect(typeof sub.subscriptionId).toBe("string");
    c.onServerRequest = (m) =>
      m.method === "execCommandApproval" ? { decision: "approved" } : undefined;
    await c.call("sendUserMessage", {
      conversationId,
      items: [{ type: "text", data: { text: "write legacy.txt" } }],
    });
    const done = await c.notification("codex/event/task_complete");
    expect(done.params).toMatchObject({
      conversationId,
      msg: { type: "task_complete", last_agent_message: "legacy done" },
    });
    const request = c.messages.find((m) => m.method === "execCommandApproval")!;
    expect(request.params).toMatchObject({
      conversationId,
      callId: "call_l",
      command: ["/bin/bash", "-lc", "echo legacy > legacy.txt"],
      reason: "needs it",
    });
    expect(readFileSync(`${ws.work}/legacy.txt`, "utf8")).toBe("legacy\n");
    const kinds = c.notifications().map((m) => m.method);
    expect(kinds).toContain("codex/event/exec_command_begin");
    expect(kinds).toContain("codex/event/agent_message");
    expect(kinds.some((k) => k!.startsWith("codex/event/thread_item"))).toBe(false);
    expect(await c.call("removeConversationListener", sub)).toEqual({});
  });

  it("interruptConversation answers with the abort reason once the turn has stopped", async () => {
    const client = spawnServer({ cwd: ws.work, home: ws.home });
    const c = client;
    await c.initialize();
    mock.enqueue({ hang: true });
    const { conversationId } = await c.call("newConversation", {});
    await c.call("addConversationListener", { conversationId });
    await c.call("sendUserMessage", {
      conversationId,
      items: [{ type: "text", data: { text: "take your time" } }],
    });
    await c.notification("codex/event/task_started");
    expect(await c.call("interruptConversation", { conversationId })).toEqual({
      abortReason: "interrupted",
    });
    await c.notification("codex/event/turn_aborted");
  });
});
