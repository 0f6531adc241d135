// Op::RunUserShellCommand, the TUI's `!cmd` (seed-spec B5.31–B5.33).
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf } from "../../src/protocol/index.js";
import { makeWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import { requestInput, startSession } from "./task-helpers.js";

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

describe("user shell commands", () => {
  it("streams ExecCommand events with source user_shell and stays out of the history", async () => {
    mock.enqueue(plainAnswer("hi"));
    const { conversation } = await startSession(ws, mock.url);
    const id = conversation.submit({
      type: "run_user_shell_command",
      command: "echo from-the-user && echo err >&2",
    });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(events.every((e) => e.id === id)).toBe(true);
    const types = events.map((e) => e.msg.type);
    expect(types[0]).toBe("task_started");
    expect(types).toContain("exec_command_output_delta");
    const begin = events.find((e) => e.msg.type === "exec_command_begin")!
      .msg as EventOf<"exec_command_begin">;
    expect(begin.source).toBe("user_shell");
    expect(begin.command).toEqual(["bash", "-lc", "echo from-the-user && echo err >&2"]);
    expect(begin.cwd).toBe(ws.work);
    const end = events.find((e) => e.msg.type === "exec_command_end")!
      .msg as EventOf<"exec_command_end">;
    expect(end.exit_code).toBe(0);
    expect(end.source).toBe("user_shell");
    expect(end.aggregated_output).toContain("from-the-user\n");
    expect(end.aggregated_output).toContain("err\n");
    expect(events.at(-1)!.msg).toEqual({ type: "task_complete", last_agent_message: null });
    expect(types).not.toContain("agent_message");
    expect(mock.requests).toHaveLength(0);

    conversation.submit({ type: "user_input", items: [{ type: "text", text: "next" }] });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    expect(JSON.stringify(requestInput(mock.requests[0]))).not.toContain("from-the-user");
  });

  it("runs under the session's sandbox", async () => {
    const { conversation } = await startSession(ws, mock.url, {
      extraToml: 'sandbox_mode = "read-only"',
    });
    conversation.submit({ type: "run_user_shell_command", command: "touch made-by-user.txt" });
    const events = await eventsUntil(conversation, (m) => m.type === "task_complete");
    const end = events.find((e) => e.msg.type === "exec_command_end")!
      .msg as EventOf<"exec_command_end">;
    expect(end.exit_code).not.toBe(0);
    expect(existsSync(path.join(ws.work, "made-by-user.txt"))).toBe(false);
  });

  it("is interruptible", async () => {
    const { conversation } = await startSession(ws, mock.url);
    conversation.submit({ type: "run_user_shell_command", command: "sleep 100" });
    await eventsUntil(conversation, (m) => m.type === "exec_command_begin");
    conversation.submit({ type: "interrupt" });
    const events = await eventsUntil(conversation, (m) => m.type === "turn_aborted");
    const legacy = events.map((e) => e.msg.type).filter((t) => !t.startsWith("thread_item_"));
    expect(legacy).toEqual(["exec_command_end", "turn_aborted"]);
    expect(events.at(-1)!.msg).toEqual({ type: "turn_aborted", reason: "interrupted" });
  });

  it("a command typed during a turn runs after it, without ending it", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "sleep 0.3" })),
          sse.completed("r1"),
        ],
      },
      plainAnswer("turn done"),
    );
    const { conversation } = await startSession(ws, mock.url);
    const turnId = conversation.submit({
      type: "user_input",
      items: [{ type: "text", text: "work" }],
    });
    await eventsUntil(conversation, (m) => m.type === "exec_command_begin");
    const shellId = conversation.submit({ type: "run_user_shell_command", command: "echo queued" });
    const events = await eventsUntil(
      conversation,
      (m) => m.type === "task_complete" && m.last_agent_message === null,
    );
    const turnEnd = events.findIndex((e) => e.id === turnId && e.msg.type === "task_complete");
    const shellStart = events.findIndex((e) => e.id === shellId && e.msg.type === "task_started");
    expect(events[turnEnd]!.msg).toEqual({
      type: "task_complete",
      last_agent_message: "turn done",
    });
    expect(shellStart).toBeGreaterThan(turnEnd);
    expect(events.some((e) => e.msg.type === "turn_aborted")).toBe(false);
  });
});
