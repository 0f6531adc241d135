import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../protocol/index.js";
import { ItemTracker } from "./item-tracker.js";

function run(events: EventMsg[], tracker = new ItemTracker("thr", () => 1)): EventMsg[] {
  return events.flatMap((e) => tracker.observe("t1", e));
}

const kinds = (out: EventMsg[]) =>
  out.map((e) =>
    e.type === "thread_item_delta"
      ? `delta:${e.delta.kind}`
      : e.type === "thread_item_started" || e.type === "thread_item_completed"
        ? `${e.type.slice(12)}:${e.item.type}:${e.item.id}`
        : e.type,
  );

describe("ItemTracker", () => {
  it("streams an agent message under the id the stream announced", () => {
    const out = run([
      {
        type: "thread_item_started",
        thread_id: "thr",
        turn_id: "t1",
        item: { type: "agentMessage", id: "msg_1", text: "", phase: null },
        started_at_ms: 1,
      },
      { type: "agent_message_delta", delta: "he" },
      { type: "agent_message_delta", delta: "llo" },
      {
        type: "item_completed",
        thread_id: "thr",
        turn_id: "t1",
        item: { type: "AgentMessage", id: "msg_1", content: [{ type: "Text", text: "hello" }] },
      },
    ]);
    expect(kinds(out)).toEqual([
      "delta:agentMessage",
      "delta:agentMessage",
      "completed:agentMessage:msg_1",
    ]);
    expect(out.at(-1)).toMatchObject({ item: { text: "hello" }, turn_id: "t1" });
  });

  it("opens a command at its approval request and declines it when refused", () => {
    const tracker = new ItemTracker("thr", () => 1);
    const out = run(
      [
        {
          type: "exec_approval_request",
          call_id: "c1",
          command: ["/bin/bash", "-lc", "rm -rf x"],
          cwd: "/w",
          parsed_cmd: [{ type: "unknown", cmd: "rm -rf x" }],
        },
      ],
      tracker,
    );
    expect(kinds(out)).toEqual(["started:commandExecution:c1"]);
    expect(out[0]).toMatchObject({
      item: { command: "/bin/bash -lc 'rm -rf x'", status: "inProgress", source: "agent" },
      // Front-ends show it running only once approved.
      for_approval: true,
    });
    const done = tracker.decided("c1", "denied");
    expect(done).toMatchObject([{ type: "thread_item_completed", item: { status: "declined" } }]);
    expect(tracker.observe("t1", { type: "task_complete", last_agent_message: null })).toEqual([]);
  });

  it("runs a command through begin, output and end", () => {
    const out = run([
      {
        type: "exec_command_begin",
        call_id: "c2",
        command: ["echo", "hi"],
        cwd: "/w",
        parsed_cmd: [],
        source: "user_shell",
      },
      {
        type: "exec_command_output_delta",
        call_id: "c2",
        stream: "stdout",
        chunk: Buffer.from("hi\n").toString("base64"),
      },
      {
        type: "exec_command_end",
        call_id: "c2",
        command: ["echo", "hi"],
        cwd: "/w",
        stdout: "hi\n",
        stderr: "",
        aggregated_output: "hi\n",
        exit_code: 0,
        duration_ms: 3,
        formatted_output: "hi\n",
        source: "user_shell",
      },
    ]);
    expect(kinds(out)).toEqual([
      "started:commandExecution:c2",
      "delta:commandOutput",
      "completed:commandExecution:c2",
    ]);
    expect(out[0]).not.toHaveProperty("for_approval");
    expect(out[1]).toMatchObject({ delta: { delta: "hi\n" } });
    expect(out[2]).toMatchObject({
      item: { status: "completed", exitCode: 0, aggregatedOutput: "hi\n", source: "userShell" },
    });
  });

  it("completes whatever a turn left open when it ends", () => {
    const out = run([
      { type: "agent_reasoning_delta", delta: "thinking" },
      { type: "agent_reasoning_section_break" },
      {
        type: "mcp_tool_call_begin",
        call_id: "m1",
        invocation: { server: "s", tool: "t", arguments: {} },
      },
      { type: "turn_aborted", reason: "interrupted" },
    ]);
    expect(kinds(out)).toEqual([
      expect.stringMatching(/^started:reasoning:rs_/),
      "delta:reasoningSummaryText",
      "delta:reasoningSummaryPartAdded",
      "started:mcpToolCall:m1",
      expect.stringMatching(/^completed:reasoning:rs_/),
      "completed:mcpToolCall:m1",
    ]);
    expect(out.at(-1)).toMatchObject({ item: { status: "failed" } });
  });

  it("sends the items a turn's end closes before that end, marked as closed by it", () => {
    const tracker = new ItemTracker("thr", () => 1);
    tracker.sequence("t1", {
      type: "mcp_tool_call_begin",
      call_id: "m2",
      invocation: { server: "s", tool: "t", arguments: {} },
    });
    const out = tracker.sequence("t1", { type: "turn_aborted", reason: "interrupted" });
    expect(kinds(out)).toEqual(["completed:mcpToolCall:m2", "turn_aborted"]);
    expect(out[0]).toMatchObject({ by_turn_end: true, item: { status: "failed" } });
  });

  it("keeps a command still running at task completion open until its process ends", () => {
    const tracker = new ItemTracker("thr", () => 1);
    const begin: EventMsg = {
      type: "exec_command_begin",
      call_id: "bg",
      command: ["sleep", "2"],
      cwd: "/w",
      parsed_cmd: [],
      source: "unified_exec_startup",
    };
    const end: EventMsg = {
      type: "exec_command_end",
      call_id: "bg",
      command: ["sleep", "2"],
      cwd: "/w",
      stdout: "",
      stderr: "",
      aggregated_output: "",
      exit_code: 0,
      duration_ms: 2000,
      formatted_output: "",
      source: "unified_exec_startup",
    };
    const out = run([begin, { type: "task_complete", last_agent_message: null }], tracker);
    // A background process has not failed: no completion when the task completes.
    expect(kinds(out)).toEqual(["started:commandExecution:bg"]);
    const later = run([end], tracker);
    expect(kinds(later)).toEqual(["completed:commandExecution:bg"]);
    expect(later[0]).toMatchObject({ turn_id: "t1", item: { status: "completed" } });
    // An aborted task ends its processes: its commands fail.
    const aborted = run([
      { ...begin, call_id: "c9" },
      { type: "turn_aborted", reason: "interrupted" },
    ]);
    expect(kinds(aborted)).toEqual([
      "started:commandExecution:c9",
      "completed:commandExecution:c9",
    ]);
    expect(aborted[1]).toMatchObject({ item: { status: "failed" } });
  });

  it("makes a message item of an agent_message that no message item announced", () => {
    const out = run([
      {
        type: "item_completed",
        thread_id: "thr",
        turn_id: "t1",
        item: { type: "AgentMessage", id: "msg_1", content: [{ type: "Text", text: "hi" }] },
      },
      // The legacy twin of the item above: no second item.
      { type: "agent_message", message: "hi" },
      // The review task's closing message has no turn item: it becomes one.
      { type: "agent_message", message: "The review found nothing." },
    ]);
    expect(kinds(out)).toEqual([
      "started:agentMessage:msg_1",
      "completed:agentMessage:msg_1",
      expect.stringMatching(/^started:agentMessage:msg_/),
      expect.stringMatching(/^completed:agentMessage:msg_/),
    ]);
    expect(out[3]).toMatchObject({ item: { text: "The review found nothing." } });
    expect(out[2]).toMatchObject({ item: { text: "The review found nothing." } });
  });

  it("reads MCP results in camelCase or snake_case", () => {
    const invocation = { server: "s", tool: "t", arguments: null };
    const out = run([
      { type: "mcp_tool_call_begin", call_id: "m1", invocation },
      {
        type: "mcp_tool_call_end",
        call_id: "m1",
        invocation,
        duration_ms: 1,
        result: { Ok: { content: [], structured_content: { a: 1 }, is_error: true } },
      },
    ]);
    expect(out[1]).toMatchObject({
      item: { status: "failed", result: { content: [], structuredContent: { a: 1 } } },
    });
  });
});
