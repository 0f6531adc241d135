import { describe, expect, it } from "vitest";
import { ItemTracker } from "../../core/items/item-tracker.js";
import type { EventMsg } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { ChatState, contextLeftPercent } from "./chat.js";

const theme = createTheme({ color: false, background: "dark" });
const at = { thread_id: "thread", turn_id: "turn" };

/** How the core announces a streamed message (turn.ts): its item starts with the model's id. */
const messageStarted = (id: string): EventMsg => ({
  type: "thread_item_started",
  ...at,
  item: { type: "agentMessage", id, text: "", phase: null },
  started_at_ms: 0,
});

/** How the core ends a message: the turn item, then the legacy event. */
function messageDone(id: string, text: string): EventMsg[] {
  const item = { type: "AgentMessage" as const, id, content: [{ type: "Text" as const, text }] };
  return [
    { type: "item_started", ...at, item },
    { type: "item_completed", ...at, item },
    { type: "agent_message", message: text },
  ];
}

/** A reasoning item as the core emits it: streamed parts, the turn item, the legacy events. */
function reasoning(parts: string[], raw: string[] = []): EventMsg[] {
  const item = { type: "Reasoning" as const, id: "rs", summary_text: parts, raw_content: raw };
  return [
    {
      type: "thread_item_started",
      ...at,
      item: { type: "reasoning", id: "rs", summary: [], content: [] },
      started_at_ms: 0,
    },
    ...parts.flatMap((p): EventMsg[] => [
      { type: "agent_reasoning_section_break" },
      { type: "agent_reasoning_delta", delta: p },
    ]),
    { type: "item_started", ...at, item },
    { type: "item_completed", ...at, item },
    ...parts.map((text): EventMsg => ({ type: "agent_reasoning", text })),
  ];
}

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
  // Every event goes through the real item tracker, as the session emits it: the chat draws
  // from the items it derives and ignores their legacy twins.
  const tracker = new ItemTracker("thread");
  const feed = (...msgs: EventMsg[]) =>
    msgs.forEach((m) => tracker.sequence("turn", m).forEach((e) => chat.handle(e)));
  return { chat, cells, committed, feed, tracker, text: () => committed.map(stripAnsi) };
}

describe("ChatState", () => {
  it("streams an agent message into the scrollback and records one transcript cell", () => {
    const s = setup();
    s.feed({ type: "task_started", model_context_window: 200_000 }, messageStarted("m1"));
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
      ...messageDone("m1", "first line\nsecond\nthird"),
    );
    s.feed({ type: "task_complete", last_agent_message: "first line\nsecond\nthird" });
    expect(s.text()).toEqual(["", "• first line", "  second", "  third"]);
    expect(s.cells.map((c) => c.kind)).toEqual(["agent"]);
    expect(s.chat.taskRunning).toBe(false);
  });

  it("reasoning is shown once per summary part, hidden per hide_agent_reasoning, raw only when asked", () => {
    const shown = setup();
    const events = reasoning(["**Planning** the work", "**Checking** files"]);
    shown.feed(...events.slice(0, 3));
    expect(shown.chat.statusHeader).toBe("Planning");
    shown.feed(...events.slice(3));
    expect(shown.chat.statusHeader).toBe("Checking");
    expect(shown.cells.map((c) => c.kind)).toEqual(["reasoning", "reasoning"]);
    expect(shown.text().filter((l) => l.includes("Planning"))).toHaveLength(1);
    const hidden = setup({ hide: true });
    hidden.feed(...reasoning(["secret"], ["raw"]), {
      type: "task_complete",
      last_agent_message: null,
    });
    expect(hidden.cells).toHaveLength(0);
    const raw = setup({ raw: true, hide: true });
    raw.feed(...reasoning([], ["raw thoughts"]), {
      type: "task_complete",
      last_agent_message: null,
    });
    expect(raw.text().join("\n")).toContain("thinking (raw)");
    expect(raw.cells).toHaveLength(1);
  });

  it("a notice that cuts a message's stream short does not repeat the message", () => {
    const s = setup();
    s.feed(messageStarted("m1"), { type: "agent_message_delta", delta: "all of it" });
    s.feed({ type: "background_event", message: "note" }, ...messageDone("m1", "all of it"));
    expect(s.cells.map((c) => c.kind)).toEqual(["agent", "info"]);
  });

  it("a message left open when its turn is interrupted keeps what streamed, once", () => {
    const s = setup();
    s.feed(messageStarted("m1"), { type: "agent_message_delta", delta: "partial answer\n" });
    s.chat.drainStream();
    s.feed({ type: "turn_aborted", reason: "interrupted" });
    expect(s.cells.map((c) => c.kind)).toEqual(["agent", "error"]);
    expect(s.text().filter((l) => l.includes("partial answer"))).toHaveLength(1);
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
      { type: "item_completed", ...at, item: { type: "WebSearch", id: "w", query: "q" } },
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
