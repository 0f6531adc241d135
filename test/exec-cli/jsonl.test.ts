// The `--json` stream for event sequences mirroring the reference scenarios; expected lines are
// the reference captures' stdout (captures/codex-0.169.0/*/stdout.txt) with ids and paths substituted.
import { describe, it, expect } from "vitest";
import type { EventMsg } from "../../src/protocol/index.js";
import {
  THREAD_ID,
  agentMessage,
  exec,
  execBegin,
  execEnd,
  patch,
  reasoning,
  sessionConfigured,
  taskComplete,
  tokenCount,
  turnStart,
  usage,
} from "./core-events.js";
import { runJsonl } from "./run-jsonl.js";

const RUN = "/tmp/run-ab12";
const WORK = `${RUN}/work`;

const run = runJsonl;

const THREAD_STARTED = `{"type":"thread.started","thread_id":"${THREAD_ID}"}`;

describe("JsonlEventProcessor", () => {
  it("plain answer with a reasoning summary (plain-answer)", () => {
    const { lines, stdout, result } = run([
      sessionConfigured(WORK),
      ...turnStart("Say hello and compute 2+2."),
      ...reasoning(["**Answering** the greeting"]),
      ...agentMessage("Hello from the mock model. 2 + 2 = 4."),
      tokenCount(usage(1234, 1000, 17, 5)),
      taskComplete("Hello from the mock model. 2 + 2 = 4."),
    ]);
    expect(lines).toEqual([
      THREAD_STARTED,
      `{"type":"turn.started"}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Answering** the greeting"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Hello from the mock model. 2 + 2 = 4."}}`,
      `{"type":"turn.completed","usage":{"input_tokens":1234,"cached_input_tokens":1000,"cache_write_input_tokens":0,"output_tokens":17,"reasoning_output_tokens":5}}`,
    ]);
    expect(stdout.endsWith("}\n")).toBe(true);
    expect(result).toEqual({
      exitCode: 0,
      lastMessage: "Hello from the mock model. 2 + 2 = 4.",
      outcome: "completed",
      errorMessage: null,
    });
  });

  it("joins the summary parts of one reasoning item with a newline, in either event order", () => {
    const legacyFirst: EventMsg[] = [
      { type: "agent_reasoning", text: "**Planning**" },
      { type: "agent_reasoning_section_break" },
      { type: "agent_reasoning", text: "**Checking** files" },
      {
        type: "item_completed",
        thread_id: THREAD_ID,
        turn_id: "t",
        item: {
          type: "Reasoning",
          id: "rs",
          summary_text: ["**Planning**", "**Checking** files"],
          raw_content: [],
        },
      },
    ];
    for (const body of [reasoning(["**Planning**", "**Checking** files"]), legacyFirst]) {
      const { lines } = run([
        sessionConfigured(WORK),
        ...turnStart("p"),
        ...body,
        ...agentMessage("ok"),
        taskComplete("ok"),
      ]);
      expect(lines.slice(2, 4)).toEqual([
        `{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning**\\n**Checking** files"}}`,
        `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"ok"}}`,
      ]);
    }
  });

  it("keeps two reasoning items apart and drops empty summaries", () => {
    const { lines } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...reasoning(["first"], "rs_a"),
      ...exec("call_1", "true", WORK, ""),
      ...reasoning([], "rs_empty"),
      ...reasoning(["second"], "rs_b"),
      ...agentMessage("done"),
      taskComplete("done"),
    ]);
    const items = lines
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === "item.completed")
      .map((e) => e.item);
    expect(items.map((i) => [i.id, i.type, i.text ?? i.command])).toEqual([
      ["item_0", "reasoning", "first"],
      ["item_1", "command_execution", "/bin/bash -lc true"],
      ["item_2", "reasoning", "second"],
      ["item_3", "agent_message", "done"],
    ]);
  });

  it("shell commands: started/completed pairs, failures, untruncated output (shell-exec)", () => {
    const pyenv = "pyenv: cannot rehash: /home/u/.pyenv/shims isn't writable\n";
    const big = Array.from({ length: 40000 }, (_, i) => `${i + 1}\n`).join("");
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("Run a few shell commands."),
      ...exec("call_echo", "echo hi && ls", WORK, `${pyenv}hi\nREADME.md\nhello.txt\n`),
      ...exec(
        "call_fail",
        "echo to-stderr >&2; ls /definitely/missing; exit 3",
        WORK,
        `${pyenv}to-stderr\nls: cannot access '/definitely/missing': No such file or directory\n`,
        3,
      ),
      ...exec("call_seq", "seq 1 40000", WORK, big),
      ...agentMessage("All commands ran."),
      tokenCount(usage(2400, 1500, 110, 10)),
      taskComplete("All commands ran."),
    ]);
    expect(lines.slice(2, 6)).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'echo hi && ls'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'echo hi && ls'","aggregated_output":"pyenv: cannot rehash: /home/u/.pyenv/shims isn't writable\\nhi\\nREADME.md\\nhello.txt\\n","exit_code":0,"status":"completed"}}`,
      `{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo to-stderr >&2; ls /definitely/missing; exit 3'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'echo to-stderr >&2; ls /definitely/missing; exit 3'","aggregated_output":"pyenv: cannot rehash: /home/u/.pyenv/shims isn't writable\\nto-stderr\\nls: cannot access '/definitely/missing': No such file or directory\\n","exit_code":3,"status":"failed"}}`,
    ]);
    const seq = JSON.parse(lines[7] as string);
    expect(seq.item.aggregated_output).toHaveLength(228894);
    expect(lines.slice(8)).toEqual([
      `{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"All commands ran."}}`,
      `{"type":"turn.completed","usage":{"input_tokens":2400,"cached_input_tokens":1500,"cache_write_input_tokens":0,"output_tokens":110,"reasoning_output_tokens":10}}`,
    ]);
    expect(result.exitCode).toBe(0);
  });

  it("parallel commands keep the id given at start", () => {
    const { lines } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      execBegin("call_a", "sleep 0.3; echo A", WORK),
      execBegin("call_b", "echo B", WORK),
      execEnd("call_b", "echo B", WORK, "B\n", 0),
      execEnd("call_a", "sleep 0.3; echo A", WORK, "A\n", 0),
      taskComplete(null),
    ]);
    const events = lines.slice(2, 6).map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.item.id, e.item.aggregated_output])).toEqual([
      ["item.started", "item_0", ""],
      ["item.started", "item_1", ""],
      ["item.completed", "item_1", "B\n"],
      ["item.completed", "item_0", "A\n"],
    ]);
  });

  it("file changes with absolute paths sorted by path (apply-patch)", () => {
    const { lines } = run([
      sessionConfigured(WORK, {
        type: "workspace-write",
        writable_roots: [],
        network_access: false,
        exclude_tmpdir_env_var: false,
        exclude_slash_tmp: false,
      }),
      ...turnStart("Create notes.txt and edit it."),
      ...patch("call_add", {
        [`${WORK}/notes.txt`]: { type: "add", content: "line one\nline two\n" },
      }),
      ...patch("call_update", {
        [`${WORK}/notes.txt`]: {
          type: "update",
          unified_diff: "@@ -1,2 +1,3 @@\n line one\n-line two\n+line 2\n+line three\n",
          move_path: null,
        },
        [`${WORK}/hello.txt`]: {
          type: "update",
          unified_diff: "@@ -1,2 +1,2 @@\n hello\n-world\n+there\n",
          move_path: null,
        },
      }),
      ...agentMessage("Patched the files."),
      tokenCount(usage(2400, 1500, 110, 10)),
      taskComplete("Patched the files."),
    ]);
    expect(lines).toEqual([
      THREAD_STARTED,
      `{"type":"turn.started"}`,
      `{"type":"item.started","item":{"id":"item_0","type":"file_change","changes":[{"path":"${WORK}/notes.txt","kind":"add"}],"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"file_change","changes":[{"path":"${WORK}/notes.txt","kind":"add"}],"status":"completed"}}`,
      `{"type":"item.started","item":{"id":"item_1","type":"file_change","changes":[{"path":"${WORK}/hello.txt","kind":"update"},{"path":"${WORK}/notes.txt","kind":"update"}],"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"file_change","changes":[{"path":"${WORK}/hello.txt","kind":"update"},{"path":"${WORK}/notes.txt","kind":"update"}],"status":"completed"}}`,
      `{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Patched the files."}}`,
      `{"type":"turn.completed","usage":{"input_tokens":2400,"cached_input_tokens":1500,"cache_write_input_tokens":0,"output_tokens":110,"reasoning_output_tokens":10}}`,
    ]);
  });

  it("a patch that fails after it began completes as failed", () => {
    const { lines } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      ...patch("call_bad", { [`${WORK}/a.txt`]: { type: "delete", content: "x\n" } }, false),
      taskComplete(null),
    ]);
    expect(JSON.parse(lines[3] as string)).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "file_change",
        changes: [{ path: `${WORK}/a.txt`, kind: "delete" }],
        status: "failed",
      },
    });
  });

  it("todo list: started, updated, completed after the last message (update-plan)", () => {
    const { lines } = run([
      sessionConfigured(WORK),
      ...turnStart("Make a plan."),
      {
        type: "plan_update",
        plan: [
          { step: "Inspect repo", status: "completed" },
          { step: "Write code", status: "in_progress" },
          { step: "Run tests", status: "pending" },
        ],
      },
      tokenCount(usage(100, 0, 20, 0)),
      {
        type: "plan_update",
        explanation: "all done",
        plan: [
          { step: "Inspect repo", status: "completed" },
          { step: "Write code", status: "completed" },
          { step: "Run tests", status: "completed" },
        ],
      },
      ...agentMessage("Plan complete."),
      tokenCount(usage(2200, 1500, 70, 10)),
      taskComplete("Plan complete."),
    ]);
    const done = `[{"text":"Inspect repo","completed":true},{"text":"Write code","completed":true},{"text":"Run tests","completed":true}]`;
    expect(lines).toEqual([
      THREAD_STARTED,
      `{"type":"turn.started"}`,
      `{"type":"item.started","item":{"id":"item_0","type":"todo_list","items":[{"text":"Inspect repo","completed":true},{"text":"Write code","completed":false},{"text":"Run tests","completed":false}]}}`,
      `{"type":"item.updated","item":{"id":"item_0","type":"todo_list","items":${done}}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"Plan complete."}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":${done}}}`,
      `{"type":"turn.completed","usage":{"input_tokens":2200,"cached_input_tokens":1500,"cache_write_input_tokens":0,"output_tokens":70,"reasoning_output_tokens":10}}`,
    ]);
  });

  it("retry then fatal 429: error lines, turn.failed, exit 1 (http-429-retry-after-2)", () => {
    const fatal = "exceeded retry limit, last status: 429 Too Many Requests";
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("Say hello."),
      { type: "stream_error", message: `Reconnecting... 1/5 (${fatal})` },
      { type: "error", message: fatal },
      taskComplete(null),
    ]);
    expect(lines).toEqual([
      THREAD_STARTED,
      `{"type":"turn.started"}`,
      `{"type":"error","message":"Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests)"}`,
      `{"type":"error","message":"exceeded retry limit, last status: 429 Too Many Requests"}`,
      `{"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests"}}`,
    ]);
    expect(result).toEqual({
      exitCode: 1,
      lastMessage: null,
      outcome: "failed",
      errorMessage: fatal,
    });
  });

  it("a retried stream that recovers still completes (retry with reconnect)", () => {
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("Say hello."),
      {
        type: "stream_error",
        message: "Reconnecting... 1/5 (stream disconnected before completion)",
      },
      ...agentMessage("Hello after retry."),
      tokenCount(usage(2000, 1500, 30, 10)),
      taskComplete("Hello after retry."),
    ]);
    expect(lines.at(-1)).toMatch(/^\{"type":"turn\.completed"/);
    expect(result.exitCode).toBe(0);
  });

  it("a fatal error with no task_complete still ends in turn.failed at finish", () => {
    const msg =
      "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.";
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      { type: "error", message: msg },
    ]);
    expect(lines.slice(2)).toEqual([
      `{"type":"error","message":${JSON.stringify(msg)}}`,
      `{"type":"turn.failed","error":{"message":${JSON.stringify(msg)}}}`,
    ]);
    expect(result.exitCode).toBe(1);
  });

  it("an interrupted turn prints no turn end, closes running items, exits 130", () => {
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      execBegin("call_sleep", "sleep 100", WORK),
      { type: "turn_aborted", reason: "interrupted" },
    ]);
    expect(lines.slice(2)).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'sleep 100'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"/bin/bash -lc 'sleep 100'","aggregated_output":"","exit_code":null,"status":"failed"}}`,
    ]);
    expect(result).toMatchObject({ exitCode: 130, lastMessage: null, outcome: "interrupted" });
  });

  it("no turn at all is a failure", () => {
    const { lines, result } = run([sessionConfigured(WORK)]);
    expect(lines).toEqual([THREAD_STARTED]);
    expect(result).toMatchObject({ exitCode: 1, outcome: "none" });
  });

  it("mcp tool calls: success, isError result, transport error", () => {
    const inv = { server: "docs", tool: "search", arguments: { q: "x" } };
    const { lines } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      { type: "mcp_tool_call_begin", call_id: "m1", invocation: inv },
      {
        type: "mcp_tool_call_end",
        call_id: "m1",
        invocation: inv,
        duration_ms: 12,
        result: { Ok: { content: [{ type: "text", text: "hit" }], structuredContent: { n: 1 } } },
      },
      { type: "mcp_tool_call_begin", call_id: "m2", invocation: inv },
      {
        type: "mcp_tool_call_end",
        call_id: "m2",
        invocation: inv,
        duration_ms: 5,
        result: { Ok: { content: [{ type: "text", text: "bad query" }], isError: true } },
      },
      { type: "mcp_tool_call_begin", call_id: "m3", invocation: { server: "docs", tool: "ping" } },
      {
        type: "mcp_tool_call_end",
        call_id: "m3",
        invocation: { server: "docs", tool: "ping" },
        duration_ms: 60000,
        result: { Err: "tool call timed out after 60 seconds" },
      },
      taskComplete(null),
    ]);
    expect(lines.slice(2, 8)).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":null,"error":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":{"content":[{"type":"text","text":"hit"}],"structured_content":{"n":1}},"error":null,"status":"completed"}}`,
      `{"type":"item.started","item":{"id":"item_1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":null,"error":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":{"content":[{"type":"text","text":"bad query"}],"structured_content":null},"error":null,"status":"failed"}}`,
      `{"type":"item.started","item":{"id":"item_2","type":"mcp_tool_call","server":"docs","tool":"ping","arguments":null,"result":null,"error":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_2","type":"mcp_tool_call","server":"docs","tool":"ping","arguments":null,"result":null,"error":{"message":"tool call timed out after 60 seconds"},"status":"failed"}}`,
    ]);
  });

  it("usage is thread-cumulative and ids continue across turns (resume-style)", () => {
    const { lines, result } = run([
      sessionConfigured(WORK),
      ...turnStart("one"),
      ...agentMessage("Noted: 42."),
      tokenCount(usage(2000, 1500, 30, 10)),
      taskComplete("Noted: 42."),
      ...turnStart("two"),
      ...agentMessage("It was 42."),
      tokenCount(usage(4000, 3000, 60, 20)),
      taskComplete(null),
    ]);
    expect(lines.filter((l) => l.includes("thread.started"))).toHaveLength(1);
    expect(lines.at(-2)).toBe(
      `{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"It was 42."}}`,
    );
    expect(JSON.parse(lines.at(-1) as string).usage.input_tokens).toBe(4000);
    expect(result.lastMessage).toBe("It was 42.");
  });

  it("prints one JSON object per line and nothing else", () => {
    const { stdout } = run([
      sessionConfigured(WORK),
      ...turnStart("p"),
      { type: "background_event", message: "mcp server started" },
      { type: "turn_diff", unified_diff: "diff" },
      {
        type: "raw_response_item",
        item: { type: "message", role: "assistant", content: [] },
      } as EventMsg,
      ...agentMessage("multi\nline"),
      taskComplete("multi\nline"),
    ]);
    for (const line of stdout.slice(0, -1).split("\n"))
      expect(() => JSON.parse(line)).not.toThrow();
  });
});
