// on-failure: a sandbox denial is offered for a re-run without the sandbox; other failures are not.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { makeOutsideDir } from "../outside-dir.js";
import { eventsUntil, startConversation } from "./session-harness.js";

let mock: MockServer;
let ws: Workspace;
let outside: string;
let cleanupOutside: () => void;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);
beforeEach(() => {
  // Outside every writable root ($HOME may be under /tmp, which workspace-write allows).
  ({ dir: outside, cleanup: cleanupOutside } = makeOutsideDir());
});
afterEach(() => {
  cleanupOutside();
});

// `login: false` keeps the user's shell profile (which may itself trip the sandbox) out of it.
const call = (cmd: string) => ({
  sse: [
    sse.created("r1"),
    ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd, login: false })),
    sse.completed("r1"),
  ],
});
const policy = { approvalPolicy: "on-failure" as const, sandboxMode: "workspace-write" as const };

describe("on-failure", () => {
  it("a write blocked by the sandbox is offered for re-run and succeeds once approved", async () => {
    const target = path.join(outside, "made-it.txt");
    mock.enqueue(call(`touch ${target}`), plainAnswer("done"));
    const { conversation } = await startConversation(ws, mock.url, policy);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    // Stop at the end of the turn too, so a write the sandbox wrongly allowed fails fast.
    const seen = await eventsUntil(
      conversation,
      (m) => m.type === "exec_approval_request" || m.type === "task_complete",
    );
    expect(existsSync(target)).toBe(false);
    expect(seen.at(-1)!.msg.type).toBe("exec_approval_request");
    // The first, sandboxed attempt ran and failed before we were asked.
    expect(seen.some((e) => e.msg.type === "exec_command_end" && e.msg.exit_code !== 0)).toBe(true);
    conversation.submit({ type: "exec_approval", id: "c1", decision: "approved" });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(existsSync(target)).toBe(true);
  });

  it("an ordinary failure is returned to the model without asking", async () => {
    mock.enqueue(call("echo not found >&2; exit 3"), plainAnswer("done"));
    const { conversation } = await startConversation(ws, mock.url, policy);
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(
      conversation,
      (m) => m.type === "task_complete" || m.type === "exec_approval_request",
    );
    expect(seen.at(-1)!.msg.type).toBe("task_complete");
    const input = mock.requests[1]!.body!.input as Array<{ type: string; output?: string }>;
    expect(String(input.find((i) => i.type === "function_call_output")!.output)).toContain(
      "Process exited with code 3",
    );
  });
});
