// `codex resume` and `/resume` in a pseudo-terminal: the picker lists this directory's sessions,
// filters, and the chosen one continues with its history sent to the model.
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../../mock-server/index.js";
import { KEYS } from "../pty-harness.js";
import { startCase, trustedConfig } from "../tui-helpers.js";
import { idFor, writeSession } from "./sessions-fixture.js";

type Input = { role?: string; content?: { text?: string }[] };
const userTexts = (body: unknown): string[] =>
  (((body as { input?: Input[] })?.input ?? []) as Input[])
    .filter((i) => i.role === "user")
    .map((i) => (i.content ?? []).map((c) => c.text ?? "").join(""))
    .filter((t) => !t.startsWith("<") && !t.startsWith("# AGENTS.md"));

const NOW = Date.now();

function seed(home: string, work: string, now = NOW) {
  const older = new Date(now - 3 * 3600_000);
  const newer = new Date(now - 10 * 60_000);
  writeSession(home, {
    id: idFor(older, 1),
    cwd: work,
    when: older,
    messages: ["fix the login bug"],
  });
  writeSession(home, {
    id: idFor(newer, 2),
    cwd: work,
    when: newer,
    messages: ["write the changelog"],
  });
  writeSession(home, {
    id: idFor(newer, 3),
    cwd: "/somewhere/else",
    when: newer,
    messages: ["unrelated work"],
  });
  return { older: idFor(older, 1), newer: idFor(newer, 2) };
}

/** The ids `seed` writes (they derive from NOW). */
const IDS = { older: idFor(new Date(NOW - 3 * 3600_000), 1) };

/** Start `codex <args>` after writing saved sessions into the case's CODEX_HOME. */
async function startWithSessions(args: string[], script = [plainAnswer("resumed answer")]) {
  const c = await startCase(script, {
    args,
    config: (url, ws) => {
      seed(ws.home, ws.work);
      return trustedConfig(url, ws.work);
    },
  });
  return { c };
}

describe("codex resume", () => {
  it("the picker lists this directory's sessions first, filters as you type, and resumes the chosen one", async () => {
    const { c } = await startWithSessions(["resume"]);
    try {
      await c.tui.waitForText("Resume a session");
      await c.tui.waitForText("write the changelog");
      await c.tui.waitForText("unrelated work");
      const screen = c.tui.screen();
      expect(screen.indexOf("write the changelog")).toBeLessThan(
        screen.indexOf("fix the login bug"),
      );
      expect(screen.indexOf("fix the login bug")).toBeLessThan(screen.indexOf("unrelated work"));
      c.tui.write("login");
      await c.tui.waitForText("Filter: login");
      await c.tui.waitForNoText("write the changelog");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("› fix the login bug");
      await c.tui.waitForText("answer 1");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("and now the tests");
      await c.tui.waitForText("resumed answer");
      expect(userTexts(c.mock.requests.at(-1)!.body)).toEqual([
        "fix the login bug",
        "and now the tests",
      ]);
    } finally {
      await c.close();
    }
  });

  it("Esc in the picker exits without starting a session", async () => {
    const { c } = await startWithSessions(["resume"], []);
    try {
      await c.tui.waitForText("write the changelog");
      c.tui.write(KEYS.escape);
      expect(await c.tui.exited).toBe(0);
      expect(c.mock.requests).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it("--last continues this directory's most recent session; an id picks that one", async () => {
    const last = await startWithSessions(["resume", "--last"]);
    try {
      await last.c.tui.waitForText("› write the changelog");
      expect(last.c.tui.allText()).not.toContain("fix the login bug");
    } finally {
      await last.c.close();
    }
    const byId = await startWithSessions(["resume", IDS.older]);
    try {
      await byId.c.tui.waitForText("› fix the login bug");
      expect(byId.c.tui.allText()).not.toContain("write the changelog");
    } finally {
      await byId.c.close();
    }
  });

  it("/resume inside the TUI switches to the chosen session", async () => {
    const { c } = await startWithSessions([]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/resume");
      await c.tui.waitForText("Resume a session");
      await c.tui.waitForText("fix the login bug");
      c.tui.write(KEYS.down);
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("› fix the login bug");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("continue");
      await c.tui.waitForText("resumed answer");
      expect(userTexts(c.mock.requests.at(-1)!.body)).toEqual(["fix the login bug", "continue"]);
    } finally {
      await c.close();
    }
  });
});
