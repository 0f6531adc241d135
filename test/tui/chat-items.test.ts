// The TUI's chat draws a real conversation's items (src/tui/app/chat-items.ts): a real in-process
// session against the mock model, its events fed to ChatState exactly as the app feeds them.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Conversation } from "../../src/core/index.js";
import type { EventMsg, ReviewDecision } from "../../src/protocol/index.js";
import { ChatState } from "../../src/tui/app/chat.js";
import type { HistoryCell } from "../../src/tui/extension.js";
import { createTheme } from "../../src/tui/terminal/theme.js";
import { stripAnsi } from "../../src/tui/terminal/width.js";
import { useMockWorkspace, type Workspace } from "../harness.js";
import { sse, type MockServer } from "../mock-server/index.js";
import { startConversation } from "../core/session-harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const theme = createTheme({ color: false, background: "dark" });
const W = 60;

function chatFor() {
  const cells: HistoryCell[] = [];
  const scrollback: string[] = [];
  const chat = new ChatState(
    {
      addCell: (c) => {
        cells.push(c);
        scrollback.push("", ...c.render(W));
      },
      commitLines: (l) => scrollback.push(...l),
      recordCell: (c) => cells.push(c),
      width: () => W,
    },
    theme,
    { hideAgentReasoning: false, showRawAgentReasoning: false, cwd: ws.work },
  );
  return { chat, cells, text: () => scrollback.map(stripAnsi) };
}

/** Feed events to the chat (drawing frames as the app does) until one matches. */
async function feedUntil(
  conv: Conversation,
  chat: ChatState,
  pred: (msg: EventMsg) => boolean,
): Promise<EventMsg[]> {
  const seen: EventMsg[] = [];
  for (;;) {
    const ev = await conv.nextEvent();
    if (!ev) throw new Error(`session ended; saw ${seen.map((m) => m.type).join(", ")}`);
    seen.push(ev.msg);
    chat.handle(ev.msg);
    chat.drainStream();
    if (pred(ev.msg)) return seen;
  }
}

const execCall = (id: string, cmd: string) =>
  sse.functionCall(id, "exec_command", JSON.stringify({ cmd }));
const answer = (id: string, parts: string[]) => ({
  sse: [sse.created(id), ...sse.textDeltas(parts, { id: `msg_${id}` }), sse.completed(id)],
});

describe("TUI chat over items", () => {
  it("draws reasoning, a command and a streamed answer from a real turn, each once", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.reasoning(["**Looking** around", "**Running** echo"]),
          ...execCall("c1", "echo hi"),
          sse.completed("r1"),
        ],
      },
      answer("r2", ["The command ", "printed hi."]),
    );
    const { conversation } = await startConversation(ws, mock.url, {
      approvalPolicy: "never",
      sandboxMode: "danger-full-access",
    });
    const { chat, cells, text } = chatFor();
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await feedUntil(conversation, chat, (m) => m.type === "task_complete");
    expect(seen.some((m) => m.type === "thread_item_started")).toBe(true);

    expect(cells.map((c) => c.kind)).toEqual(["reasoning", "reasoning", "exec", "agent"]);
    const shown = text();
    expect(shown.filter((l) => l.includes("Looking around"))).toHaveLength(1);
    expect(shown.filter((l) => l.includes("Running echo"))).toHaveLength(1);
    expect(shown.find((l) => l.startsWith("• Ran echo hi"))).toBeDefined();
    expect(shown).toContain("  └ hi");
    expect(shown.slice(-2)).toEqual(["", "• The command printed hi."]);
    expect(chat.activeExec.size).toBe(0);
    expect(chat.taskRunning).toBe(false);
    conversation.submit({ type: "shutdown" });
    await conversation.finished;
  });

  async function approvalTurn(decision: ReviewDecision) {
    mock.enqueue(
      { sse: [sse.created("r1"), ...execCall("c1", "touch approved.txt"), sse.completed("r1")] },
      answer("r2", ["done"]),
    );
    const { conversation } = await startConversation(ws, mock.url, {
      approvalPolicy: "untrusted",
      sandboxMode: "danger-full-access",
    });
    const { chat, cells, text } = chatFor();
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await feedUntil(conversation, chat, (m) => m.type === "exec_approval_request");
    // Asked, not running: the modal shows it, the live region does not.
    expect(chat.approvals.map((a) => a.callId)).toEqual(["c1"]);
    expect(chat.liveLines(W, Date.now(), 0).map(stripAnsi).join("\n")).not.toContain("Running");
    // What the approval flow does when the user answers.
    chat.approvals.shift();
    conversation.submit({ type: "exec_approval", id: "c1", decision });
    chat.approvalAnswered("c1", decision);
    await feedUntil(conversation, chat, (m) => m.type === "task_complete");
    conversation.submit({ type: "shutdown" });
    await conversation.finished;
    return { cells, text };
  }

  it("a command waiting for approval is not shown running; approved, it runs and is drawn", async () => {
    const { cells, text } = await approvalTurn("approved");
    expect(existsSync(path.join(ws.work, "approved.txt"))).toBe(true);
    expect(cells.map((c) => c.kind)).toEqual(["exec", "agent"]);
    expect(text().find((l) => l.startsWith("• Ran touch approved.txt"))).toBeDefined();
  });

  it("a refused command draws no command cell", async () => {
    const { cells } = await approvalTurn("denied");
    expect(existsSync(path.join(ws.work, "approved.txt"))).toBe(false);
    expect(cells.map((c) => c.kind)).toEqual(["agent"]);
  });

  it("an interrupted command is drawn once, as interrupted", async () => {
    mock.enqueue({ sse: [sse.created("r1"), ...execCall("c1", "sleep 30"), sse.completed("r1")] });
    const { conversation } = await startConversation(ws, mock.url, {
      approvalPolicy: "never",
      sandboxMode: "danger-full-access",
    });
    const { chat, cells, text } = chatFor();
    conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await feedUntil(
      conversation,
      chat,
      (m) => m.type === "thread_item_started" && m.item.type === "commandExecution",
    );
    const live = chat.liveLines(W, Date.now(), 0).map(stripAnsi);
    expect(live.join("\n")).toContain("Running sleep 30");
    conversation.submit({ type: "interrupt" });
    await feedUntil(conversation, chat, (m) => m.type === "turn_aborted");
    expect(cells.map((c) => c.kind)).toEqual(["exec", "error"]);
    expect(text().find((l) => l.startsWith("• Ran sleep 30"))).toContain("exit -1");
    expect(text()).toContain("  └ interrupted");
    conversation.submit({ type: "shutdown" });
    await conversation.finished;
  });
});
