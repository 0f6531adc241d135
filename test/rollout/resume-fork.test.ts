// Resume after compaction and fork at each user message, through real rollout files.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  RolloutRecorder,
  buildCompactedHistory,
  collectUserMessages,
  eventMsgsForReplay,
  forkItems,
  leadingContext,
  readRollout,
  reconstructHistory,
} from "../../src/rollout/index.js";
import type { RolloutItem, SessionMeta } from "../../src/rollout/index.js";
import type { ResponseItem } from "../../src/protocol/index.js";

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-resume-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const meta = (id: string): SessionMeta => ({
  id,
  timestamp: new Date().toISOString(),
  cwd: "/w",
  originator: "test",
  cli_version: "0",
  source: "exec",
});
const user = (text: string): ResponseItem => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const assistant = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});
const context: ResponseItem[] = [
  { type: "message", role: "developer", content: [{ type: "input_text", text: "rules" }] },
  user("<environment_context>\n  <cwd>/w</cwd>\n</environment_context>"),
];

/** A tiny live session: keeps the model-visible history and records what a core would. */
class LiveSession {
  history: ResponseItem[] = [];
  constructor(readonly recorder: RolloutRecorder) {}
  add(items: ResponseItem[]): void {
    this.history.push(...items);
    this.recorder.record(items.map((payload) => ({ type: "response_item", payload })));
  }
  turn(n: number): void {
    this.recorder.record([
      { type: "event_msg", payload: { type: "task_started", model_context_window: 1000 } },
      {
        type: "turn_context",
        payload: {
          cwd: "/w",
          approval_policy: "never",
          sandbox_policy: { type: "read-only" },
          model: "m",
          summary: "auto",
        },
      },
    ]);
    this.add([user(`question ${n}`)]);
    this.recorder.record([
      { type: "event_msg", payload: { type: "user_message", message: `question ${n}` } },
    ]);
    this.add([
      { type: "function_call", name: "shell", arguments: "{}", call_id: `c${n}` },
      { type: "function_call_output", call_id: `c${n}`, output: `out ${n}` },
      assistant(`answer ${n}`),
    ]);
    this.recorder.record([
      { type: "event_msg", payload: { type: "agent_message", message: `answer ${n}` } },
      { type: "event_msg", payload: { type: "task_complete", last_agent_message: `answer ${n}` } },
    ]);
  }
  compact(summary: string, withReplacement: boolean): void {
    this.history = buildCompactedHistory(
      leadingContext(this.history),
      collectUserMessages(this.history),
      summary,
    );
    this.recorder.record([
      {
        type: "compacted",
        payload: withReplacement
          ? { message: summary, replacement_history: this.history }
          : { message: summary },
      },
      { type: "event_msg", payload: { type: "context_compacted" } },
    ]);
  }
}

describe("resume after compaction", () => {
  for (const withReplacement of [false, true]) {
    it(`reproduces the live history (${withReplacement ? "with" : "without"} replacement_history)`, async () => {
      const live = new LiveSession(
        RolloutRecorder.create({ codexHome: root, conversationId: "s1", meta: meta("s1") }),
      );
      live.add(context);
      live.turn(0);
      live.turn(1);
      live.compact("first summary", withReplacement);
      live.turn(2);
      live.compact("second summary", withReplacement);
      live.turn(3);
      await live.recorder.shutdown();

      const { items, errors } = await readRollout(live.recorder.path);
      expect(errors).toEqual([]);
      expect(reconstructHistory(items)).toEqual(live.history);

      // Resuming and continuing keeps it in step.
      const resumed = new LiveSession(await RolloutRecorder.resume({ path: live.recorder.path }));
      resumed.history = reconstructHistory(items);
      resumed.turn(4);
      await resumed.recorder.shutdown();
      const after = await readRollout(live.recorder.path);
      expect(reconstructHistory(after.items)).toEqual(resumed.history);
      expect(after.items.filter((i) => i.type === "session_meta")).toHaveLength(1);
      const replay = eventMsgsForReplay(after.items).filter((e) => e.type === "user_message");
      expect(replay.map((e) => (e.type === "user_message" ? e.message : ""))).toEqual(
        [0, 1, 2, 3, 4].map((n) => `question ${n}`),
      );
    });
  }
});

describe("fork", () => {
  it("at each user message yields exactly the history before it, in a new file", async () => {
    const live = new LiveSession(
      RolloutRecorder.create({ codexHome: root, conversationId: "src", meta: meta("src") }),
    );
    live.add(context);
    const snapshots: ResponseItem[][] = [];
    for (let n = 0; n < 4; n++) {
      snapshots.push([...live.history]);
      live.turn(n);
    }
    await live.recorder.shutdown();
    const { items } = await readRollout(live.recorder.path);

    for (let n = 0; n <= 4; n++) {
      const kept: RolloutItem[] = forkItems(items, n);
      const fork = RolloutRecorder.create({
        codexHome: root,
        conversationId: `fork-${n}`,
        meta: meta(`fork-${n}`),
      });
      fork.record(kept);
      await fork.shutdown();
      expect(fork.path).not.toBe(live.recorder.path);
      const forked = await readRollout(fork.path);
      expect(forked.meta?.id).toBe(`fork-${n}`);
      expect(forked.items.filter((i) => i.type === "session_meta")).toHaveLength(1);
      const expected = n < 4 ? snapshots[n] : live.history;
      expect(reconstructHistory(forked.items)).toEqual(expected);
      const replayedQuestions = eventMsgsForReplay(forked.items).filter(
        (e) => e.type === "user_message",
      );
      expect(replayedQuestions).toHaveLength(n);
      // The forked transcript never ends on a dangling task_started.
      expect(eventMsgsForReplay(forked.items).at(-1)?.type ?? "task_complete").toBe(
        "task_complete",
      );
    }
  });
});
