// The resume picker over real session files: ordering (this directory first), filtering,
// paging, keys, rendering, and choosing what `codex resume` continues.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chooseResumeHistory } from "../../../src/tui/features/resume-picker/command.js";
import {
  humanSize,
  oneLine,
  relativeTime,
} from "../../../src/tui/features/resume-picker/format.js";
import { ResumePicker } from "../../../src/tui/features/resume-picker/picker.js";
import {
  SessionSource,
  matchesFilter,
} from "../../../src/tui/features/resume-picker/session-source.js";
import { key } from "../../../src/tui/terminal/keys.js";
import { createTheme } from "../../../src/tui/terminal/theme.js";
import { stripAnsi } from "../../../src/tui/terminal/width.js";
import { idFor, writeSession } from "./sessions-fixture.js";

const theme = createTheme({ color: false, background: "dark" });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function home(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-resume-")));
  dirs.push(dir);
  return dir;
}

const HERE = "/work/project";
const ELSEWHERE = "/work/other";
const base = new Date(2025, 2, 10, 12, 0, 0);
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);

/** Newest first: other(40), here(30), other(20), here(10). */
function populate(codexHome: string) {
  const s = [
    { id: idFor(at(10), 1), cwd: HERE, when: at(10), messages: ["fix the login bug"] },
    { id: idFor(at(20), 2), cwd: ELSEWHERE, when: at(20), messages: ["write docs"] },
    {
      id: idFor(at(30), 3),
      cwd: HERE,
      when: at(30),
      messages: ["add a\nsecond   feature", "and test it"],
    },
    { id: idFor(at(40), 4), cwd: ELSEWHERE, when: at(40), messages: ["refactor the parser"] },
  ];
  for (const session of s) writeSession(codexHome, session);
  return s;
}

describe("SessionSource", () => {
  it("lists this directory's sessions first, newest first, then the others", async () => {
    const codexHome = home();
    populate(codexHome);
    const source = new SessionSource({ codexHome, cwd: HERE, all: false });
    await source.loadAtLeast(100);
    expect(source.sessions.map((s) => s.firstUserMessage)).toEqual([
      "add a\nsecond   feature",
      "fix the login bug",
      "refactor the parser",
      "write docs",
    ]);
    expect(source.sessions.map((s) => s.here)).toEqual([true, true, false, false]);
    expect(source.exhausted).toBe(true);
  });

  it("with all, lists every session newest first", async () => {
    const codexHome = home();
    populate(codexHome);
    const source = new SessionSource({ codexHome, cwd: HERE, all: true });
    await source.loadAtLeast(100);
    expect(source.sessions.map((s) => s.cwd)).toEqual([ELSEWHERE, HERE, ELSEWHERE, HERE]);
  });

  it("filters on every word, case-insensitively, over message, id and directory", async () => {
    const codexHome = home();
    const sessions = populate(codexHome);
    const source = new SessionSource({ codexHome, cwd: HERE, all: false });
    await source.loadAtLeast(100);
    const only = (f: string) => source.sessions.filter((s) => matchesFilter(s, f)).map((s) => s.id);
    expect(only("LOGIN bug")).toEqual([sessions[0]!.id]);
    expect(only("other")).toEqual([sessions[3]!.id, sessions[1]!.id]);
    expect(only(sessions[2]!.id.slice(-6))).toEqual([sessions[2]!.id]);
  });
});

describe("ResumePicker", () => {
  async function picker(all = false) {
    const codexHome = home();
    const sessions = populate(codexHome);
    const source = new SessionSource({ codexHome, cwd: HERE, all });
    const p = new ResumePicker(source, { cwd: HERE, all, theme, now: () => at(45).getTime() });
    await p.start();
    await source.loadAtLeast(100);
    return { p, sessions, codexHome };
  }

  it("renders time, size, directory and the first message on one line", async () => {
    const { p } = await picker();
    const screen = p.render(100, 12).map(stripAnsi);
    expect(screen[0]).toBe(`Resume a session · ${HERE}`);
    expect(screen[1]).toBe("Type to filter");
    expect(screen[2]).toMatch(/Started\s+Size\s+Directory\s+First message/);
    expect(screen[3]).toMatch(/^› 15 minutes ago\s+\d+(\.\d)? KB\s+\.\s+add a second feature$/);
    expect(screen[5]).toMatch(/^ {2}5 minutes ago\s+.*\/work\/other\s+refactor the parser$/);
    expect(screen).toHaveLength(12);
    expect(screen.at(-1)).toContain("4 shown");
  });

  it("typing filters, Enter chooses, Esc cancels", async () => {
    const { p, sessions } = await picker();
    for (const ch of "docs") expect(p.handleKey(key(ch, { text: ch }))).toBe("handled");
    expect(p.visible().map((s) => s.id)).toEqual([sessions[1]!.id]);
    expect(stripAnsi(p.render(80, 10)[1]!)).toBe("Filter: docs ");
    expect(p.handleKey(key("enter"))).toBe("choose");
    expect(p.selected()?.id).toBe(sessions[1]!.id);
    p.handleKey(key("u", { ctrl: true }));
    expect(p.visible()).toHaveLength(4);
    for (const ch of "zzz") p.handleKey(key(ch, { text: ch }));
    expect(stripAnsi(p.render(80, 10)[3]!)).toBe('  No session matches "zzz".');
    expect(p.handleKey(key("enter"))).toBe("handled");
    expect(p.handleKey(key("escape"))).toBe("cancel");
  });

  it("arrows move the selection without wrapping", async () => {
    const { p, sessions } = await picker(true);
    p.handleKey(key("up"));
    expect(p.selected()?.id).toBe(sessions[3]!.id);
    p.handleKey(key("end"));
    p.handleKey(key("down"));
    expect(p.selected()?.id).toBe(sessions[0]!.id);
  });

  it("says so when there are no sessions", async () => {
    const codexHome = home();
    const source = new SessionSource({ codexHome, cwd: HERE, all: false });
    const p = new ResumePicker(source, { cwd: HERE, all: false, theme });
    await p.start();
    await source.loadAtLeast(1);
    expect(stripAnsi(p.render(60, 8)[3]!)).toBe("  No saved sessions yet.");
  });
});

describe("chooseResumeHistory", () => {
  it("resumes by id with the session's history and transcript", async () => {
    const codexHome = home();
    const sessions = populate(codexHome);
    const choice = await chooseResumeHistory({ codexHome, cwd: HERE, id: sessions[2]!.id });
    if (choice.kind !== "history") throw new Error(JSON.stringify(choice));
    expect(choice.history.conversationId).toBe(sessions[2]!.id);
    expect(choice.history.events.filter((e) => e.type === "user_message")).toHaveLength(2);
  });

  it("--last takes this directory's most recent session; --all any directory's", async () => {
    const codexHome = home();
    const sessions = populate(codexHome);
    const here = await chooseResumeHistory({ codexHome, cwd: HERE, last: true });
    const any = await chooseResumeHistory({ codexHome, cwd: HERE, last: true, all: true });
    expect(here.kind === "history" && here.history.conversationId).toBe(sessions[2]!.id);
    expect(any.kind === "history" && any.history.conversationId).toBe(sessions[3]!.id);
  });

  it("an unknown id is an error that names it", async () => {
    const choice = await chooseResumeHistory({ codexHome: home(), cwd: HERE, id: "nope" });
    expect(choice).toMatchObject({ kind: "error" });
    expect(choice.kind === "error" && choice.message).toContain("nope");
  });
});

describe("format", () => {
  it("relative times, sizes and one-line messages", () => {
    const now = Date.parse("2025-03-10T12:00:00Z");
    expect(relativeTime("2025-03-10T11:59:30Z", now)).toBe("30 seconds ago");
    expect(relativeTime("2025-03-10T11:59:00Z", now)).toBe("1 minute ago");
    expect(relativeTime("2025-03-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("2025-03-08T12:00:00Z", now)).toBe("2 days ago");
    expect(relativeTime("2024-01-02T12:00:00Z", now)).toMatch(/^2024-01-0[12]$/);
    expect(relativeTime("garbage", now)).toBe("garbage");
    expect(humanSize(512)).toBe("512 B");
    expect(humanSize(1536)).toBe("1.5 KB");
    expect(humanSize(50 * 1024)).toBe("50 KB");
    expect(humanSize(3 * 1024 * 1024)).toBe("3.0 MB");
    expect(oneLine("a\n\tb  c\x07")).toBe("a b c");
    expect(oneLine(null)).toBe("(no message)");
  });
});
