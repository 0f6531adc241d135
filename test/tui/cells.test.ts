// Component tests: every history cell rendered to text at a fixed width.
import { describe, expect, it } from "vitest";
import { ExecCell } from "../../src/tui/cells/exec.js";
import { HeaderCell } from "../../src/tui/cells/header.js";
import {
  AgentMessageCell,
  ReasoningCell,
  UserMessageCell,
  reasoningHeader,
} from "../../src/tui/cells/message.js";
import { NoticeCell } from "../../src/tui/cells/notice.js";
import { PatchCell } from "../../src/tui/cells/patch.js";
import { PlanCell } from "../../src/tui/cells/plan.js";
import { McpToolCallCell, ViewImageCell, WebSearchCell } from "../../src/tui/cells/tool.js";
import { createTheme } from "../../src/tui/terminal/theme.js";
import { stringWidth, stripAnsi } from "../../src/tui/terminal/width.js";

const theme = createTheme({ color: false, background: "dark" });
const color = createTheme({ color: true, background: "dark" });
const text = (lines: string[]) => lines.map(stripAnsi);
const W = 60;

describe("cells", () => {
  it("header: version, model and effort, directory, approval and sandbox", () => {
    const lines = text(
      new HeaderCell(
        {
          version: "1.2.3",
          model: "gpt-5.5",
          effort: "high",
          cwd: "/home/me/proj",
          approvalPolicy: "on-request",
          sandboxPolicy: { type: "read-only" },
          home: "/home/me",
        },
        theme,
      ).render(W),
    );
    const joined = lines.join("\n");
    expect(joined).toContain(">_ codex-ts (v1.2.3)");
    expect(joined).toContain("model:     gpt-5.5 high");
    expect(joined).toContain("directory: ~/proj");
    expect(joined).toContain("approval:  on-request");
    expect(joined).toContain("sandbox:   read-only");
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(W);
  });

  it("user message wraps under its prompt marker", () => {
    expect(
      text(
        new UserMessageCell("please fix the failing test in the parser module", theme).render(24),
      ),
    ).toEqual(["› please fix the failing", "  test in the parser", "  module"]);
  });

  it("agent message renders Markdown under a bullet", () => {
    expect(text(new AgentMessageCell("Done:\n\n- **one**\n- two", theme).render(W))).toEqual([
      "• Done:",
      "",
      "  • one",
      "  • two",
    ]);
  });

  it("reasoning is dim and italic; its bold header feeds the status line", () => {
    const lines = new ReasoningCell("**Checking files**\n\nLooking around.", color).render(W);
    expect(lines[0]).toContain("\x1b[2m");
    expect(text(lines)).toContain("  Looking around.");
    expect(reasoningHeader("**Checking files**\n\nmore")).toBe("Checking files");
  });

  it("command: running with spinner, then succeeded or failed with exit code, duration and a few lines", () => {
    const cell = new ExecCell("c1", ["/bin/bash", "-lc", "npm test"], [], theme, 1000);
    cell.appendOutput("line 1\nline 2\n");
    const live = text(cell.renderLive(W, 3500, 0));
    expect(live[0]).toBe("⠋ Running npm test (2.5s)");
    expect(live).toContain("  └ line 1");
    cell.finish({ exitCode: 0, durationMs: 1234, output: "ok\n" });
    expect(text(cell.render(W))).toEqual(["• Ran npm test · 1.2s", "  └ ok"]);

    const failed = new ExecCell("c2", ["false"], [], theme, 0);
    const out = Array.from({ length: 12 }, (_, i) => `out ${i}`).join("\n");
    failed.finish({ exitCode: 2, durationMs: 50, output: out });
    const lines = text(failed.render(W));
    expect(lines[0]).toBe("• Ran false · exit 2 · 50ms");
    expect(lines).toContain("    … +7 lines");
    expect(lines.at(-1)).toBe("    out 11");
    expect(text(failed.renderFull(W))).toHaveLength(13);
  });

  it("command: read-only exploration is summarised", () => {
    const cell = new ExecCell(
      "c3",
      ["cat", "a.ts"],
      [{ type: "read", cmd: "cat a.ts", name: "a.ts" }],
      theme,
      0,
    );
    cell.finish({ exitCode: 0, durationMs: 5, output: "contents" });
    expect(text(cell.render(W))).toEqual(["• Explored · 5ms", "  └ Read a.ts"]);
  });

  it("patch: per-file stats and a coloured diff", () => {
    const cell = new PatchCell(
      "p1",
      {
        "/w/src/a.ts": {
          type: "update",
          unified_diff: "@@ -1,2 +1,2 @@\n-old line\n+new line\n same\n",
          move_path: null,
        },
        "/w/new.md": { type: "add", content: "# hi\n" },
      },
      "/w",
      color,
    );
    cell.state = "applied";
    const lines = cell.render(W);
    expect(text(lines)).toEqual([
      "• Edited 2 files (+2 -1)",
      "  └ Edited src/a.ts (+1 -1)",
      "      1 -old line",
      "      1 +new line",
      "      2  same",
      "    Added new.md (+1 -0)",
      "      1 +# hi",
    ]);
    expect(lines.some((l) => l.includes("\x1b[92m+new line"))).toBe(true);
  });

  it("plan: a checklist with progress", () => {
    const lines = text(
      new PlanCell(
        [
          { step: "Read the code", status: "completed" },
          { step: "Fix the bug", status: "in_progress" },
          { step: "Add a test", status: "pending" },
        ],
        "Small fix.",
        theme,
      ).render(W),
    );
    expect(lines).toEqual([
      "• Updated Plan (1/3 done)",
      "  Small fix.",
      "  └ ✔ Read the code",
      "    ◐ Fix the bug",
      "    ☐ Add a test",
    ]);
  });

  it("MCP tool call: running, then result text or error", () => {
    const cell = new McpToolCallCell(
      "m1",
      { server: "docs", tool: "search", arguments: { q: "x" } },
      theme,
      0,
    );
    expect(text(cell.renderLive(W, 1500, 1))[0]).toBe('⠙ Calling docs.search({"q":"x"}) (1.5s)');
    cell.finish(20, { Ok: { content: [{ type: "text", text: "found 3 results" }] } });
    expect(text(cell.render(W))).toEqual([
      '• Called docs.search({"q":"x"}) · 20ms',
      "  └ found 3 results",
    ]);
    const bad = new McpToolCallCell("m2", { server: "docs", tool: "get" }, theme, 0);
    bad.finish(5, { Err: "server crashed" });
    expect(text(bad.render(W))).toEqual(["• Called docs.get() · 5ms", "  └ server crashed"]);
  });

  it("web search, image view, errors and warnings", () => {
    expect(text(new WebSearchCell("node 20 release", theme).render(W))).toEqual([
      "• Searched the web node 20 release",
    ]);
    expect(text(new ViewImageCell("shot.png", theme).render(W))).toEqual([
      "• Viewed image shot.png",
    ]);
    expect(text(new NoticeCell("error", "stream failed", theme).render(W))).toEqual([
      "■ stream failed",
    ]);
    expect(text(new NoticeCell("warning", "retrying", theme).render(W))).toEqual(["⚠ retrying"]);
    expect(new NoticeCell("error", "x", color).render(W)[0]).toContain("\x1b[91m");
  });
});
