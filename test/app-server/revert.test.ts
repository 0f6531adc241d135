// thread/revert over a real server and mock model: the turns from `beforeTurnId` on leave the
// thread and the model's history, the rollout records Codex's `thread_rolled_back` event so
// `codex exec resume` and a later thread/resume see the shorter thread, and files stay as they are.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { AppServerClient, useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'sandbox_mode = "read-only"' },
);

const spawnServer = useAppServerClients();

async function turn(c: AppServerClient, threadId: string, text: string): Promise<string> {
  const r = await c.call("turn/start", {
    threadId,
    input: [{ type: "text", text, text_elements: [] }],
  });
  const turnId = (r.turn as { id: string }).id;
  await c.notification("turn/completed", (p) => (p.turn as { id: string }).id === turnId);
  return turnId;
}

const inputOf = (n: number) => JSON.stringify(mock.requests[n]!.body!.input);

describe("thread/revert", () => {
  it("removes the turns from beforeTurnId on, for the model, the thread and its rollout", async () => {
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const started = await c.call("thread/start", { cwd: ws.work });
    const threadId = (started.thread as { id: string }).id;
    const rollout = (started.thread as { path: string }).path;
    mock.enqueue(plainAnswer("answer one"), plainAnswer("answer two"), plainAnswer("answer three"));
    const first = await turn(c, threadId, "word one: apple");
    const second = await turn(c, threadId, "word two: banana");
    await turn(c, threadId, "word three: cherry");
    // A review turn records its result as a user-role message: the rollback counts it too.
    mock.enqueue(
      plainAnswer(
        JSON.stringify({
          findings: [],
          overall_correctness: "patch is correct",
          overall_explanation: "Nothing to say about figs.",
          overall_confidence_score: 0.9,
        }),
      ),
    );
    await c.call("review/start", {
      threadId,
      target: { type: "custom", instructions: "review the words" },
    });
    await c.notification("turn/completed", () => c.notifications("turn/completed").length === 4);
    writeFileSync(path.join(ws.work, "kept.txt"), "made during the reverted turns\n");

    const reverted = await c.call("thread/revert", { threadId, beforeTurnId: second });
    expect(reverted).toMatchObject({
      thread: { id: threadId, status: { type: "idle" } },
      turnsBackwardsCursor: null,
      itemsBackwardsCursor: null,
    });
    await c.notification("thread/reverted", (p) => p.threadId === threadId);
    const read = await c.call("thread/read", { threadId, includeTurns: true });
    expect((read.thread as { turns: Array<{ id: string }> }).turns.map((t) => t.id)).toEqual([
      first,
    ]);
    // Files are not restored (as in Codex).
    expect(readFileSync(path.join(ws.work, "kept.txt"), "utf8")).toContain("reverted turns");

    // The next request carries the first turn only.
    mock.enqueue(plainAnswer("answer four"));
    await turn(c, threadId, "word four: date");
    const input = inputOf(4);
    expect(input).toContain("apple");
    expect(input).toContain("answer one");
    expect(input).toContain("date");
    for (const gone of ["banana", "cherry", "answer two", "answer three", "figs"]) {
      expect(input).not.toContain(gone);
    }
    expect(await c.close()).toBe(0);

    // Codex's rollout event, so Codex (and codex-ts) resume the shorter thread.
    const events = readFileSync(rollout, "utf8")
      .split("\n")
      .filter((l) => l.includes("thread_rolled_back"))
      .map((l) => (JSON.parse(l) as { type: string; payload: unknown }).payload);
    expect(events).toEqual([{ type: "thread_rolled_back", num_turns: 3 }]);
    // The review's result was in the history before the revert.
    expect(readFileSync(rollout, "utf8")).toContain("Nothing to say about figs.");

    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "read-only"'));
    mock.enqueue(plainAnswer("answer five"));
    const r = await runCli(["exec", "resume", threadId, "word five: elderberry"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    const resumedInput = inputOf(5);
    expect(resumedInput).toContain("apple");
    expect(resumedInput).toContain("date");
    expect(resumedInput).not.toContain("banana");
    expect(resumedInput).not.toContain("cherry");
    expect(resumedInput).not.toContain("figs");

    // A new server reads the thread back without the reverted turns.
    const c2 = spawnServer({ cwd: ws.work, home: ws.home });
    await c2.initialize();
    const resumed = await c2.call("thread/resume", { threadId });
    const texts = JSON.stringify((resumed.thread as { turns: unknown[] }).turns);
    expect((resumed.thread as { turns: unknown[] }).turns).toHaveLength(3);
    expect(texts).toContain("apple");
    expect(texts).not.toContain("banana");
  });

  it("refuses a running turn, an unknown turn and a thread that is not loaded", async () => {
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    mock.enqueue({ hang: true });
    const r = await c.call("turn/start", { threadId, input: [{ type: "text", text: "wait" }] });
    const running = (r.turn as { id: string }).id;
    await mock.waitForRequests(1);
    const busy = await c.request("thread/revert", { threadId, beforeTurnId: running });
    expect(busy.error).toMatchObject({ code: -32600 });
    expect(busy.error!.message).toContain("interrupt it before thread/revert");
    await c.call("turn/interrupt", { threadId, turnId: running });
    await c.notification("turn/completed", (p) => p.threadId === threadId);

    const unknown = await c.request("thread/revert", { threadId, beforeTurnId: "nope" });
    expect(unknown.error?.message).toBe(`no turn nope in thread ${threadId}`);
    const other = "0190a3c4-0000-7000-8000-000000000000";
    const notLoaded = await c.request("thread/revert", { threadId: other, beforeTurnId: "t" });
    expect(notLoaded.error?.message).toBe(`thread not loaded: ${other}`);
    const missing = await c.request("thread/revert", { threadId });
    expect(missing.error?.code).toBe(-32600);

    // The interrupted turn can be reverted now.
    await c.call("thread/revert", { threadId, beforeTurnId: running });
    const read = await c.call("thread/read", { threadId, includeTurns: true });
    expect((read.thread as { turns: unknown[] }).turns).toEqual([]);
  });
});
