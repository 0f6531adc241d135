// A new session started from inside the TUI (/new, /resume, Esc-Esc fork) keeps the approval
// policy, sandbox, model and reasoning effort chosen with /approvals and /model: the header says
// so and the next request runs with them. Also: "% context left" survives a fork, and the exit hint
// only names a session that was saved.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../mock-server/index.js";
import type { RecordedRequest } from "../mock-server/index.js";
import { KEYS, type PtySession } from "./pty-harness.js";
import { startCase, type TuiCase } from "./tui-helpers.js";

/** The rows of the newest session header on screen or in the scrollback. */
function lastHeader(tui: PtySession): string {
  const text = tui.allText();
  return text.slice(text.lastIndexOf(">_ codex-ts")).split("\n").slice(0, 7).join("\n");
}

function headerCount(tui: PtySession): number {
  return tui.allText().split(">_ codex-ts").length - 1;
}

/** The model and effort the request asks for. */
function requestChoices(req: RecordedRequest) {
  const body = req.body as { model?: string; reasoning?: { effort?: string } };
  return { model: body.model, effort: body.reasoning?.effort };
}

/** What the last turn ran with, as recorded in the newest rollout file's last turn_context. */
function lastTurnContext(home: string) {
  const dir = path.join(home, "sessions");
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const lines = readFileSync(files.at(-1)!, "utf8").trim().split("\n");
  const turn = lines
    .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> })
    .filter((l) => l.type === "turn_context")
    .at(-1)!.payload as {
    model: string;
    effort: string;
    approval_policy: string;
    sandbox_policy: { type: string };
  };
  return {
    model: turn.model,
    effort: turn.effort,
    approval: turn.approval_policy,
    sandbox: turn.sandbox_policy.type,
  };
}

/** Switch the session to Read Only and gpt-5.6 with high effort. */
async function chooseReadOnlyAndModel(c: TuiCase): Promise<void> {
  await c.tui.submit("/approvals read-only");
  await c.tui.waitForText("Approval mode set to Read Only");
  await c.tui.submit("/model gpt-5.6 high");
  await c.tui.waitForText("Model set to gpt-5.6");
  await c.tui.waitForText("Ask Codex to do anything");
}

function expectCarried(c: TuiCase, req: RecordedRequest): void {
  const header = lastHeader(c.tui);
  expect(header).toMatch(/model:\s+gpt-5\.6 high/);
  expect(header).toMatch(/approval:\s+on-request/);
  expect(header).toMatch(/sandbox:\s+read-only/);
  expect(requestChoices(req)).toEqual({ model: "gpt-5.6", effort: "high" });
  expect(lastTurnContext(c.ws.home)).toEqual({
    model: "gpt-5.6",
    effort: "high",
    sandbox: "read-only",
    approval: "on-request",
  });
}

describe("tui: a new session keeps the session's choices", () => {
  it("/new carries approval policy, sandbox, model and effort", async () => {
    const c = await startCase([plainAnswer("fresh answer")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      expect(lastHeader(c.tui)).toMatch(/sandbox:\s+workspace-write/);
      await chooseReadOnlyAndModel(c);
      await c.tui.submit("/new");
      await c.tui.waitFor(() => headerCount(c.tui) === 2, "a second header");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("hello again");
      await c.tui.waitForText("fresh answer");
      expectCarried(c, c.mock.requests.at(-1)!);
    } finally {
      await c.close();
    }
  });

  it("/resume carries them into the resumed session", async () => {
    const c = await startCase([plainAnswer("first answer"), plainAnswer("resumed answer")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("remember this");
      await c.tui.waitForText("first answer");
      await c.tui.waitForText("Ask Codex to do anything");
      await chooseReadOnlyAndModel(c);
      await c.tui.submit("/resume");
      await c.tui.waitForText("Resume a session");
      await c.tui.waitForText("remember this");
      c.tui.write(KEYS.enter);
      await c.tui.waitFor(() => headerCount(c.tui) >= 2, "the resumed session's header");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("go on");
      await c.tui.waitForText("resumed answer");
      expectCarried(c, c.mock.requests.at(-1)!);
    } finally {
      await c.close();
    }
  });

  it("an Esc-Esc fork carries them and keeps % context left", async () => {
    const c = await startCase([
      plainAnswer("answer one", { input_tokens: 40_000, output_tokens: 100 }),
      plainAnswer("answer two", { input_tokens: 80_000, output_tokens: 100 }),
      plainAnswer("answer again", { input_tokens: 40_000, output_tokens: 100 }),
    ]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("first question");
      await c.tui.waitForText("answer one");
      await c.tui.waitForText("Ask Codex to do anything");
      const afterFirst = /(\d+)% context left/.exec(c.tui.screen())?.[1];
      expect(afterFirst).toBeDefined();
      await c.tui.submit("second question");
      await c.tui.waitForText("answer two");
      await c.tui.waitForText("Ask Codex to do anything");
      expect(c.tui.screen()).not.toContain(`${afterFirst}% context left`);
      await chooseReadOnlyAndModel(c);
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("Esc again to edit a previous message");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("▌ › second question");
      c.tui.write(KEYS.enter);
      await c.tui.waitForNoText("Edit a previous message");
      await c.tui.waitForText("› second question");
      await c.tui.waitForNoText("answer two");
      // The fork is the conversation up to the first answer: its usage, not a blank.
      await c.tui.waitForText(`${afterFirst}% context left`);
      expect(lastHeader(c.tui)).toMatch(/sandbox:\s+read-only/);
      await c.tui.submit(" (edited)");
      await c.tui.waitForText("answer again");
      expectCarried(c, c.mock.requests.at(-1)!);
    } finally {
      await c.close();
    }
  });

  it("the exit hint names the saved session, not an unused one started with /new", async () => {
    const c = await startCase([plainAnswer("saved answer")]);
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("keep me");
      await c.tui.waitForText("saved answer");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/status");
      await c.tui.waitForText(/Session:\s+\S{36}/);
      const first = /Session:\s+(\S{36})/.exec(c.tui.allText())![1]!;
      await c.tui.submit("/new");
      await c.tui.waitFor(() => headerCount(c.tui) === 2, "a second header");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/status");
      await c.tui.waitFor(
        () => [...c.tui.allText().matchAll(/Session:\s+(\S{36})/g)].length === 2,
        "the new session's status",
      );
      const second = [...c.tui.allText().matchAll(/Session:\s+(\S{36})/g)][1]![1]!;
      expect(second).not.toBe(first);
      c.tui.write(KEYS.ctrlC);
      await c.tui.waitForText("ctrl+c again to quit");
      c.tui.write(KEYS.ctrlC);
      expect(await c.tui.exited).toBe(0);
      const text = c.tui.allText();
      expect(text).toContain(`To continue this session, run codex resume ${first}`);
      expect(text).not.toContain(`codex resume ${second}`);
      const files = readdirSync(`${c.ws.home}/sessions`, { recursive: true }).map(String);
      expect(files.filter((f) => f.endsWith(".jsonl"))).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});
