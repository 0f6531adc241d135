import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { appendFileSync, mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  RolloutRecorder,
  findLatestSession,
  findSessionById,
  listSessions,
} from "../../src/rollout/index.js";
import type { SessionSummary } from "../../src/rollout/index.js";
import { MAX_HEAD_BYTES, readSessionHead } from "../../src/rollout/head.js";

let home: string;
beforeEach(() => {
  home = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-list-")));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function makeSession(opts: {
  id: string;
  when: Date;
  cwd: string;
  question?: string | null;
  instructions?: string;
}): Promise<string> {
  const rec = RolloutRecorder.create({
    codexHome: home,
    conversationId: opts.id,
    now: opts.when,
    meta: {
      id: opts.id,
      timestamp: opts.when.toISOString(),
      cwd: opts.cwd,
      originator: "test",
      cli_version: "0",
      source: "cli",
      base_instructions: opts.instructions ? { text: opts.instructions } : null,
    },
  });
  rec.record([
    {
      type: "response_item",
      payload: {
        type: "message",
        role: "developer",
        content: [{ type: "input_text", text: "dev" }],
      },
    },
    {
      type: "response_item",
      payload: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "<environment_context>\n</environment_context>" }],
      },
    },
  ]);
  if (opts.question !== null) {
    const text = opts.question ?? `question for ${opts.id}`;
    rec.record([
      {
        type: "response_item",
        payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
      },
      { type: "event_msg", payload: { type: "user_message", message: text } },
    ]);
  }
  await rec.shutdown();
  return rec.path;
}

const ids = (sessions: SessionSummary[]) => sessions.map((s) => s.id);

describe("listSessions", () => {
  it("lists newest first across days, months and years, with cursors", async () => {
    const dates = [
      new Date(2023, 11, 31, 23, 59, 59),
      new Date(2024, 0, 1, 0, 0, 1),
      new Date(2024, 0, 1, 12, 0, 0),
      new Date(2024, 1, 10, 8, 0, 0),
      new Date(2024, 9, 3, 8, 0, 0),
    ];
    for (const [i, when] of dates.entries()) await makeSession({ id: `s${i}`, when, cwd: "/a" });

    const all = await listSessions({ codexHome: home, limit: 10 });
    expect(ids(all.sessions)).toEqual(["s4", "s3", "s2", "s1", "s0"]);
    expect(all.nextCursor).toBeNull();
    const first = all.sessions[0]!;
    expect(first.cwd).toBe("/a");
    expect(first.firstUserMessage).toBe("question for s4");
    expect(first.timestamp).toBe(dates[4]!.toISOString());
    expect(first.sizeBytes).toBe(statSync(first.path).size);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await listSessions({ codexHome: home, limit: 2, cursor });
      seen.push(...ids(result.sessions));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["s4", "s3", "s2", "s1", "s0"]);
  });

  it("filters by cwd and hides sessions nobody typed into unless asked", async () => {
    await makeSession({ id: "a1", when: new Date(2024, 4, 1, 10), cwd: "/a" });
    await makeSession({ id: "b1", when: new Date(2024, 4, 1, 11), cwd: "/b" });
    await makeSession({ id: "a2", when: new Date(2024, 4, 2, 10), cwd: "/a" });
    await makeSession({ id: "empty", when: new Date(2024, 4, 3, 10), cwd: "/a", question: null });

    expect(ids((await listSessions({ codexHome: home, limit: 10, cwd: "/a" })).sessions)).toEqual([
      "a2",
      "a1",
    ]);
    expect(ids((await listSessions({ codexHome: home, limit: 10, cwd: "/b" })).sessions)).toEqual([
      "b1",
    ]);
    expect(ids((await listSessions({ codexHome: home, limit: 10, cwd: "/c" })).sessions)).toEqual(
      [],
    );
    const withEmpty = await listSessions({ codexHome: home, limit: 10, includeEmpty: true });
    expect(ids(withEmpty.sessions)).toEqual(["empty", "a2", "b1", "a1"]);
    expect(withEmpty.sessions[0]?.firstUserMessage).toBeNull();

    expect((await findLatestSession(home))?.id).toBe("a2");
    expect((await findLatestSession(home, { cwd: "/b" }))?.id).toBe("b1");
    expect(await findLatestSession(home, { cwd: "/nowhere" })).toBeNull();
  });

  it("reads the cwd past a long meta line and ignores everything after the head", async () => {
    const file = await makeSession({
      id: "big",
      when: new Date(2024, 5, 1),
      cwd: "/big",
      instructions: "I".repeat(40_000),
    });
    // A large, partly corrupt body after the head must not matter to listing.
    appendFileSync(file, "not json\n".repeat(300_000));
    const page = await listSessions({ codexHome: home, limit: 5, cwd: "/big" });
    expect(page.sessions).toHaveLength(1);
    expect(page.sessions[0]?.firstUserMessage).toBe("question for big");
    expect(page.sessions[0]?.sizeBytes).toBeGreaterThan(2_000_000);
  });

  it("does not look for the first user message beyond the head limit", async () => {
    const file = await makeSession({
      id: "late",
      when: new Date(2024, 5, 2),
      cwd: "/l",
      question: null,
    });
    appendFileSync(
      file,
      `${JSON.stringify({ timestamp: "t", type: "event_msg", payload: { type: "agent_message", message: "x".repeat(MAX_HEAD_BYTES) } })}\n`,
    );
    appendFileSync(
      file,
      `${JSON.stringify({ timestamp: "t", type: "event_msg", payload: { type: "user_message", message: "too late" } })}\n`,
    );
    const head = await readSessionHead(file, { wantUserMessage: true });
    expect(head?.cwd).toBe("/l");
    expect(head?.firstUserMessage).toBeNull();
  });

  it("returns an empty page when there is no sessions directory", async () => {
    expect(await listSessions({ codexHome: path.join(home, "none"), limit: 5 })).toEqual({
      sessions: [],
      nextCursor: null,
    });
  });
});

describe("findSessionById", () => {
  it("finds UUIDv7 ids via their embedded date and other ids by walking", async () => {
    const v7 = "018f2a3b-4c5d-7e6f-8a9b-0c1d2e3f4a5b";
    const v7Date = new Date(parseInt("018f2a3b4c5d", 16));
    const p1 = await makeSession({ id: v7, when: v7Date, cwd: "/x" });
    const p2 = await makeSession({ id: "plain-id", when: new Date(2021, 6, 1), cwd: "/x" });
    expect(await findSessionById(home, v7)).toBe(p1);
    expect(await findSessionById(home, v7.toUpperCase())).toBe(p1);
    expect(await findSessionById(home, "plain-id")).toBe(p2);
    expect(await findSessionById(home, "missing")).toBeNull();
    expect(await findSessionById(home, "../etc")).toBeNull();
    // A v7 id whose file is not where its date says is still found.
    const moved = "01000000-0000-7000-8000-000000000000";
    const p3 = await makeSession({ id: moved, when: new Date(2022, 1, 1), cwd: "/x" });
    expect(await findSessionById(home, moved)).toBe(p3);
  });
});
