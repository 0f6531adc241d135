// Forking before a user message, from a real rollout file on disk.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ForkError, forkBeforeUserMessage } from "../../../src/tui/features/backtrack/fork.js";
import type { RolloutItem } from "../../../src/rollout/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const msg = (role: "user" | "assistant", text: string): RolloutItem => ({
  type: "response_item",
  payload: {
    type: "message",
    role,
    content: [{ type: role === "user" ? "input_text" : "output_text", text }],
  },
});

function turn(user: string, answer: string): RolloutItem[] {
  return [
    { type: "event_msg", payload: { type: "task_started", model_context_window: null } },
    msg("user", user),
    { type: "event_msg", payload: { type: "user_message", message: user } },
    msg("assistant", answer),
    { type: "event_msg", payload: { type: "agent_message", message: answer } },
    { type: "event_msg", payload: { type: "task_complete", last_agent_message: answer } },
  ];
}

function writeRollout(items: RolloutItem[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "codex-ts-fork-"));
  dirs.push(dir);
  const file = path.join(
    dir,
    "rollout-2025-01-01T00-00-00-0194f0c4-0000-7000-8000-000000000000.jsonl",
  );
  const meta: RolloutItem = {
    type: "session_meta",
    payload: {
      id: "0194f0c4-0000-7000-8000-000000000000",
      timestamp: "2025-01-01T00:00:00.000Z",
      cwd: dir,
      originator: "codex-tui",
      cli_version: "0.1.0",
      source: "cli",
    },
  };
  const context = msg("user", "<environment_context>\n  <cwd>/w</cwd>\n</environment_context>");
  const lines = [meta, context, ...items].map((item) =>
    JSON.stringify({ timestamp: "2025-01-01T00:00:00.000Z", ...item }),
  );
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

const texts = (history: { type: string; content?: { text: string }[] }[]) =>
  history.map((h) => (h.content ?? []).map((c) => c.text).join(""));

describe("forkBeforeUserMessage", () => {
  const file = () =>
    writeRollout([
      ...turn("first", "answer one"),
      ...turn("second", "answer two"),
      ...turn("third", "answer three"),
    ]);

  it("keeps everything before the selected user message", async () => {
    const forked = await forkBeforeUserMessage(file(), 1, 3);
    expect(forked.kind).toBe("forked");
    expect(texts(forked.history as never).slice(1)).toEqual(["first", "answer one"]);
    const shown = forked.events.flatMap((e) =>
      e.type === "user_message" || e.type === "agent_message" ? [e.message] : [],
    );
    expect(shown).toEqual(["first", "answer one"]);
  });

  it("forking at the first message keeps only the context", async () => {
    const forked = await forkBeforeUserMessage(file(), 0, 3);
    expect(texts(forked.history as never)).toHaveLength(1);
    expect(forked.events.filter((e) => e.type === "user_message")).toEqual([]);
  });

  it("aligns from the end when the screen shows fewer user messages than the file", async () => {
    // The screen shows only the last two messages ("second", "third"); selecting "second".
    const forked = await forkBeforeUserMessage(file(), 0, 2);
    expect(texts(forked.history as never).slice(1)).toEqual(["first", "answer one"]);
  });

  it("refuses to go back further than the file reaches", async () => {
    await expect(forkBeforeUserMessage(file(), 0, 5)).rejects.toBeInstanceOf(ForkError);
  });

  it("names the file it could not read", async () => {
    await expect(forkBeforeUserMessage("/nonexistent/rollout.jsonl", 0, 1)).rejects.toThrow(
      "/nonexistent/rollout.jsonl",
    );
  });
});
