// Approvals never race, never hang and never get lost (seed-spec §4, seeds 000/001).
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { eventsUntil, startConversation } from "./session-harness.js";
import type { EventMsg } from "../../src/protocol/index.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const call = (id: string, cmd: string) =>
  sse.functionCall(id, "exec_command", JSON.stringify({ cmd }));
const untrusted = {
  approvalPolicy: "untrusted" as const,
  sandboxMode: "danger-full-access" as const,
};

function outputsOf(reqIndex: number): Record<string, string> {
  const input = mock.requests[reqIndex]!.body!.input as Array<{
    type: string;
    call_id?: string;
    output?: string;
  }>;
  const out: Record<string, string> = {};
  for (const i of input) if (i.type === "function_call_output") out[i.call_id!] = String(i.output);
  return out;
}

describe("exec approvals", () => {
  it("an answer sent the instant the request arrives is never lost", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), ...call("c1", "touch approved.txt"), sse.completed("r1")] },
      plainAnswer("done"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
    const req = seen.at(-1)!.msg as Extract<EventMsg, { type: "exec_approval_request" }>;
    expect(req.call_id).toBe("c1");
    expect(req.command).toEqual(["/bin/bash", "-lc", "touch approved.txt"]);
    expect(req.cwd).toBe(ws.work);
    conversation.submit({ type: "exec_approval", id: "c1", decision: "approved" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(existsSync(path.join(ws.work, "approved.txt"))).toBe(true);
    expect(outputsOf(1).c1).toContain("Process exited with code 0");
  });

  it("known-safe commands run without asking under untrusted", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), ...call("c1", "ls && cat hello.txt"), sse.completed("r1")] },
      plainAnswer("done"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(seen.some((e) => e.msg.type === "exec_approval_request")).toBe(false);
    expect(outputsOf(1).c1).toContain("hello");
  });

  it("parallel calls each await their own approval, answered in reverse order", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...call("ca", "touch a.txt && echo A"),
          ...call("cb", "touch b.txt && echo B"),
          sse.completed("r1"),
        ],
      },
      plainAnswer("done"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const requested = new Set<string>();
    while (requested.size < 2) {
      const seen = await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
      requested.add((seen.at(-1)!.msg as { call_id: string }).call_id);
    }
    conversation.submit({ type: "exec_approval", id: "cb", decision: "approved" });
    conversation.submit({ type: "exec_approval", id: "ca", decision: "denied" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(existsSync(path.join(ws.work, "a.txt"))).toBe(false);
    expect(existsSync(path.join(ws.work, "b.txt"))).toBe(true);
    const outputs = outputsOf(1);
    expect(outputs.ca).toBe("exec command rejected by user");
    expect(outputs.cb).toContain("B");
    // Outputs are recorded in call order.
    const input = mock.requests[1]!.body!.input as Array<{ type: string; call_id?: string }>;
    expect(input.filter((i) => i.type === "function_call_output").map((i) => i.call_id)).toEqual([
      "ca",
      "cb",
    ]);
  });

  it("an answer for an unknown id is ignored and the real one still works", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), ...call("c1", "touch x.txt"), sse.completed("r1")] },
      plainAnswer("done"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
    conversation.submit({ type: "exec_approval", id: "not-a-call", decision: "approved" });
    conversation.submit({ type: "exec_approval", id: "c1", decision: "approved_for_session" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(existsSync(path.join(ws.work, "x.txt"))).toBe(true);
  });

  it("approved_for_session is not asked again in the same session", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), ...call("c1", "touch y.txt"), sse.completed("r1")] },
      plainAnswer("one"),
      { sse: [sse.created("r2"), ...call("c2", "touch y.txt"), sse.completed("r2")] },
      plainAnswer("two"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
    conversation.submit({ type: "exec_approval", id: "c1", decision: "approved_for_session" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "again" }] });
    const seen = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(seen.some((e) => e.msg.type === "exec_approval_request")).toBe(false);
  });

  it("abort ends the turn with TurnAborted and the call still gets an output", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), ...call("c1", "touch z.txt"), sse.completed("r1")] },
      plainAnswer("after"),
    );
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
    conversation.submit({ type: "exec_approval", id: "c1", decision: "abort" });
    const seen = await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    expect(seen.some((e) => e.msg.type === "task_complete")).toBe(false);
    expect(existsSync(path.join(ws.work, "z.txt"))).toBe(false);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "next" }] });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(outputsOf(1).c1).toBe("aborted");
  });

  it("a pending approval whose turn is interrupted resolves as denied, never hangs", async () => {
    mock.enqueue({ sse: [sse.created("r1"), ...call("c1", "touch w.txt"), sse.completed("r1")] });
    const { conversation } = await startConversation(ws, mock.url, untrusted);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(conversation, (m) => m.type === "exec_approval_request");
    conversation.submit({ type: "interrupt" });
    await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    // A late answer for the finished turn is ignored; nothing runs.
    conversation.submit({ type: "exec_approval", id: "c1", decision: "approved" });
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    expect(existsSync(path.join(ws.work, "w.txt"))).toBe(false);
  });

  it("escalation is refused with the seed's message unless the policy is on-request", async () => {
    const args = JSON.stringify({
      cmd: "echo hi",
      sandbox_permissions: "require_escalated",
      justification: "need it",
    });
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "exec_command", args),
          sse.completed("r1"),
        ],
      },
      plainAnswer("ok"),
    );
    const { conversation } = await startConversation(ws, mock.url, {
      approvalPolicy: "on-failure",
      sandboxMode: "danger-full-access",
    });
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(outputsOf(1).c1).toBe(
      "approval policy is OnFailure; reject command — you should not ask for escalated permissions if the approval policy is OnFailure",
    );
  });
});
