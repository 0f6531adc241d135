import { describe, expect, it } from "vitest";
import type { HistoryCell } from "../../extension.js";
import { key } from "../../terminal/keys.js";
import { createTheme } from "../../terminal/theme.js";
import { stripAnsi } from "../../terminal/width.js";
import { DiffOverlay, colorDiff } from "./diff.js";
import { HelpOverlay } from "./help.js";
import { TranscriptOverlay } from "./transcript.js";

const theme = createTheme({ color: true, background: "dark" });
const plain = (ls: string[]) => ls.map(stripAnsi);

function cell(kind: string, text: string, full?: string): HistoryCell {
  return {
    kind,
    text: kind === "user" ? text : undefined,
    render: () => text.split("\n"),
    renderFull: full ? () => full.split("\n") : undefined,
  };
}

describe("TranscriptOverlay", () => {
  const cells = [
    cell("user", "› first question"),
    cell("agent", "• first answer"),
    cell("exec", "$ ls (3 lines hidden)", "$ ls\na\nb\nc"),
    cell("user", "› second question"),
    cell("agent", "• second answer"),
  ];

  it("shows every cell in full with a title and footer, starting at the bottom", () => {
    let closed = 0;
    const o = new TranscriptOverlay(
      () => cells,
      theme,
      () => closed++,
    );
    const screen = plain(o.render(60, 8));
    expect(screen[0]).toContain("Transcript");
    expect(screen).toHaveLength(8);
    expect(screen.join("\n")).toContain("• second answer");
    expect(screen.at(-1)).toContain("100%");
    o.handleInput(key("home"));
    expect(plain(o.render(60, 8)).slice(1, 7)).toEqual([
      "› first question",
      "",
      "• first answer",
      "",
      "$ ls",
      "a",
    ]);
    o.handleInput(key("q", { text: "q" }));
    expect(closed).toBe(1);
  });

  it("follows new cells while at the bottom", () => {
    const live = [...cells];
    const o = new TranscriptOverlay(
      () => live,
      theme,
      () => {},
    );
    o.render(60, 6);
    live.push(cell("agent", "• a late answer"));
    expect(plain(o.render(60, 6)).join("\n")).toContain("• a late answer");
  });

  it("in backtrack mode marks the selected user message and scrolls to it", () => {
    let selected = 1;
    const o = new TranscriptOverlay(
      () => cells,
      theme,
      () => {},
      {
        selected: () => selected,
        handleKey: (k) => {
          if (k.name === "escape") {
            selected = Math.max(0, selected - 1);
            return true;
          }
          return false;
        },
      },
    );
    let screen = plain(o.render(60, 20));
    expect(screen[0]).toContain("Edit a previous message");
    expect(screen.find((l) => l.includes("second question"))).toBe("▌ › second question");
    expect(screen.find((l) => l.includes("first question"))).toBe("  › first question");
    expect(screen.at(-1)).toContain("Esc edit prev");
    o.handleInput(key("escape"));
    screen = plain(o.render(60, 20));
    expect(screen.find((l) => l.includes("first question"))).toBe("▌ › first question");
    expect(o.userCellLine(1)).toBe(9);
  });

  it("searches the transcript", () => {
    const o = new TranscriptOverlay(
      () => cells,
      theme,
      () => {},
    );
    o.render(60, 6);
    for (const ch of "/first") o.handleInput(key(ch, { text: ch }));
    expect(plain(o.render(60, 6)).at(-1)).toBe("/first ");
    o.handleInput(key("enter"));
    const screen = plain(o.render(60, 6));
    expect(screen.at(-1)).toContain("match 1/2");
    expect(screen[1]).toBe("› first question");
  });
});

describe("DiffOverlay", () => {
  const diff = [
    "diff --git a/a.txt b/a.txt",
    "index 5626abf..f719efd 100644",
    "--- a/a.txt",
    "+++ b/a.txt",
    "@@ -1 +1,2 @@",
    " one",
    "-two",
    "+three",
    "\\ No newline at end of file",
  ].join("\n");

  it("colours additions, deletions, hunks and headers", () => {
    const lines = colorDiff(diff, theme);
    expect(lines[0]).toBe(theme.bold("diff --git a/a.txt b/a.txt"));
    expect(lines[4]).toBe(theme.cyan("@@ -1 +1,2 @@"));
    expect(lines[5]).toBe(" one");
    expect(lines[6]).toBe(theme.red("-two"));
    expect(lines[7]).toBe(theme.green("+three"));
    expect(lines[8]).toBe(theme.dim("\\ No newline at end of file"));
  });

  it("scrolls and closes; an empty diff says so", () => {
    let closed = false;
    const o = new DiffOverlay(diff, theme, () => (closed = true), "Turn diff");
    const screen = plain(o.render(50, 5));
    expect(screen[0]).toContain("Turn diff");
    expect(screen[1]).toBe("diff --git a/a.txt b/a.txt");
    o.handleInput(key("pagedown"));
    expect(plain(o.render(50, 5))[1]).toBe("--- a/a.txt");
    o.handleInput(key("escape"));
    expect(closed).toBe(true);
    expect(plain(new DiffOverlay("", theme, () => {}).render(40, 4))[1]).toBe("No changes.");
  });
});

describe("HelpOverlay", () => {
  it("lists keys and the registered commands, sorted", () => {
    const cmds = [
      { name: "status", description: "show status", run() {} },
      { name: "model", description: "choose a model", run() {} },
    ];
    let closed = false;
    const o = new HelpOverlay(cmds, theme, () => (closed = true));
    const text = plain(o.render(80, 60)).join("\n");
    expect(text).toContain("Esc Esc");
    expect(text.indexOf("/model")).toBeLessThan(text.indexOf("/status"));
    expect(text).toContain("choose a model");
    o.handleInput(key("?", { text: "?" }));
    expect(closed).toBe(true);
  });
});
