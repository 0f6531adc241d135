import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { ChatState, contextLeftPercent } from "./chat.js";

const theme = createTheme({ color: false, background: "dark" });

function setup(opts: { hide?: boolean; raw?: boolean } = {}) {
  const cells: HistoryCell[] = [];
  const committed: string[] = [];
  const chat = new ChatState(
    {
      addCell: (c) => {
        cells.push(c);
        committed.push("", ...c.render(60));
      },
      commitLines: (l) => committed.push(...l),
      recordCell: (c) => cells.push(c),
      width: () => 60,
    },
    theme,
    { hideAgentReasoning: !!opts.hide, showRawAgentReasoning: !!opts.raw, cwd: "/w" },
  );
  const feed = (...msgs: EventMsg[]) => msgs.forEach((m) => chat.handle(m));
  return { chat, cells, committed, feed, text: () => committed.map(stripAnsi) };
}

describe("ChatState", () => {
  it("streams an agent message into the scrollback and records one transcript cell", () => {
    const s = setup();
    s.feed({ type: "task_started", model_context_window: 200_000 });
    s.feed({ type: "agent_message_delta", delta: "first line\nsec" });
    s.chat.drainStream();
    // The last completed line is held back (a following `---` could still restyle it).
    expect(s.text()).toEqual([]);
    expect(s.chat.liveLines(60, 0, 0).map(stripAnsi)).toEqual(["", "• first line", "  sec"]);
    s.feed({ type: "agent_message_delta", delta: "ond\nth" });
    s.chat.drainStream();
    expect(s.text()).toEqual(["", "• first line"]);
    expect(s.chat.liveLines(60, 0, 0).map(stripAnsi)).toEqual(["  second", "  th"]);
    s.feed(
      { type: "agent_message_delta", delta: "ird" },
      { type: "agent_message", message: "first line\nsecond\nthird" },
    );
    s.feed({ type: "task_complete", last_agent_message: "first line\nsecond\nthird" });
    expect(s.text()).toEqual(["", "• first line", "  second", "  third"]);
    expect(s.cells.map((c) => c.kind)).toEqual(["agent"]);
    expect(s.chat.taskRunning).toBe(false);
  });

  it("reasoning is shown, hidden per hide_agent_reasoning, and raw only when asked", () => {
    const shown = setup();
    shown.feed({ type: "agent_reasoning_delta", delta: "**Planning** the work" });
    expect(shown.chat.statusHeader).toBe("Planning");
    shown.feed({ type: "agent_reasoning", text: "**Planning** the work" });
    expect(shown.cells.map((c) => c.kind)).toEqual(["reasoning"]);
    const hidden = setup({ hide: true });
    hidden.feed(
      { type: "agent_reasoning", text: "secret" },
      { type: "agent_reasoning_raw_content", text: "raw" },
    );
    hidden.feed({ type: "task_complete", last_agent_message: null });
    expect(hidden.cells).toHaveLength(0);
    const raw = setup({ raw: true, hide: true });
    raw.feed(
      { type: "agent_reasoning_raw_content", text: "raw thoughts" },
      { type: "task_complete", last_agent_message: null },
    );
    expect(raw.text().join("\n")).toContain("thinking (raw)");
  });

  it("commands run live and are committed when they end; approvals queue up", () => {
    const s = setup();
    s.feed({
      type: "exec_command_begin",
      call_id: "c1",
      command: ["ls"],
      cwd: "/w",
      parsed_cmd: [],
    });
    s.feed({
      type: "exec_command_output_delta",
      call_id: "c1",
      stream: "stdout",
      chunk: Buffer.from("a.txt\n").toString("base64"),
    });
    expect(s.chat.liveLines(60, Date.now(), 0).map(stripAnsi).join("\n")).toContain("└ a.txt");
    s.feed({
      type: "exec_command_end",
      call_id: "c1",
      command: ["ls"],
      cwd: "/w",
      stdout: "a.txt\n",
      stderr: "",
      aggregated_output: "a.txt\n",
      exit_code: 0,
      duration_ms: 12,
      formatted_output: "a.txt\n",
    });
    expect(s.chat.activeExec.size).toBe(0);
    expect(s.text()).toContain("• Ran ls · 12ms");
    s.feed({
      type: "exec_approval_request",
      call_id: "c2",
      command: ["rm", "x"],
      cwd: "/w",
      parsed_cmd: [],
    });
    expect(s.chat.approvals).toHaveLength(1);
    s.feed({ type: "turn_aborted", reason: "interrupted" });
    expect(s.chat.approvals).toHaveLength(0);
    expect(s.text().join("\n")).toContain("Turn interrupted");
  });

  it("patches, plans, diffs, MCP calls, errors and token counts", () => {
    const s = setup();
    const changes = { "/w/a": { type: "add" as const, content: "x\n" } };
    s.feed({ type: "patch_apply_begin", call_id: "p", auto_approved: true, changes });
    s.feed({
      type: "patch_apply_end",
      call_id: "p",
      stdout: "",
      stderr: "",
      success: true,
      changes,
    });
    s.feed({ type: "plan_update", plan: [{ step: "s", status: "pending" }] });
    s.feed({ type: "turn_diff", unified_diff: "diff --git a/a b/a\n" });
    s.feed({ type: "mcp_tool_call_begin", call_id: "m", invocation: { server: "s", tool: "t" } });
    s.feed({
      type: "mcp_tool_call_end",
      call_id: "m",
      invocation: { server: "s", tool: "t" },
      duration_ms: 3,
      result: { Ok: {} },
    });
    s.feed(
      { type: "error", message: "boom" },
      { type: "web_search_end", call_id: "w", query: "q" },
    );
    expect(s.cells.map((c) => c.kind)).toEqual(["patch", "plan", "mcp", "error", "web_search"]);
    expect(s.chat.lastTurnDiff).toBe("diff --git a/a b/a\n");
    const usage = {
      input_tokens: 0,
      cached_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
      total_tokens: 0,
    };
    s.feed({
      type: "token_count",
      info: {
        total_token_usage: usage,
        last_token_usage: { ...usage, total_tokens: 106_000 },
        model_context_window: 200_000,
      },
      rate_limits: null,
    });
    expect(s.chat.contextLeft).toBe(50);
  });

  it("context left is unknown without a window and clamps at 0", () => {
    expect(contextLeftPercent(null, 1000)).toBeNull();
    const u = {
      input_tokens: 0,
      cached_input_tokens: 0,
      output_tokens: 0,
      reasoning_output_tokens: 0,
      total_tokens: 999_999,
    };
    expect(
      contextLeftPercent(
        { total_token_usage: u, last_token_usage: u, model_context_window: 100_000 },
        null,
      ),
    ).toBe(0);
  });
});
