// Rollout files from `codex exec`, `exec resume`, and `--ephemeral`.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { jsonLines, runCli, type Workspace, useMockWorkspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

function rolloutFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  return out;
}

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> });

describe("rollouts", () => {
  it("exec records the session and exec resume --last continues it in the same file", async () => {
    mock.enqueue(plainAnswer("I will remember 42."), plainAnswer("The number was 42."));
    const first = await runCli(["exec", "--json", "First turn: remember the number 42."], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(first.code).toBe(0);
    const threadId = jsonLines(first.stdout)[0]!.thread_id as string;
    const files = rolloutFiles();
    expect(files).toHaveLength(1);
    expect(path.basename(files[0]!)).toMatch(
      new RegExp(`^rollout-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-${threadId}\\.jsonl$`),
    );
    const before = lines(files[0]!);
    expect(before[0]!.type).toBe("session_meta");
    expect(before[0]!.payload).toMatchObject({
      id: threadId,
      cwd: ws.work,
      originator: "codex_exec",
      source: "exec",
      model_provider: "mock",
    });

    const second = await runCli(
      ["exec", "resume", "--last", "--json", "Second turn: what was the number?"],
      { cwd: ws.work, home: ws.home },
    );
    expect(second.code).toBe(0);
    expect(jsonLines(second.stdout)[0]).toEqual({ type: "thread.started", thread_id: threadId });
    expect(rolloutFiles()).toEqual(files);
    const after = lines(files[0]!);
    expect(after.filter((l) => l.type === "session_meta")).toHaveLength(1);
    expect(after.length).toBeGreaterThan(before.length);
    // The model sees the whole earlier conversation, then the new prompt.
    const input = mock.requests[1]!.body!.input as Array<{
      type: string;
      role?: string;
      content?: Array<{ text: string }>;
    }>;
    const texts = input
      .filter((i) => i.type === "message")
      .map((i) => `${i.role}:${i.content![0]!.text}`);
    expect(texts.slice(-3)).toEqual([
      "user:First turn: remember the number 42.",
      "assistant:I will remember 42.",
      "user:Second turn: what was the number?",
    ]);
    // No second environment context when nothing changed.
    expect(texts.filter((t) => t.includes("<environment_context>"))).toHaveLength(1);
    expect(mock.requests[1]!.body!.prompt_cache_key).toBe(threadId);
  });

  it("exec resume by id, and a clear error for an unknown id", async () => {
    mock.enqueue(plainAnswer("one"), plainAnswer("two"));
    const first = await runCli(["exec", "--json", "hello"], { cwd: ws.work, home: ws.home });
    const threadId = jsonLines(first.stdout)[0]!.thread_id as string;
    const ok = await runCli(["exec", "resume", threadId, "again"], { cwd: ws.work, home: ws.home });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("two\n");
    const bad = await runCli(["exec", "resume", "00000000-0000-7000-8000-000000000000", "again"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "No saved session found with id 00000000-0000-7000-8000-000000000000",
    );
  });

  it("--ephemeral writes no rollout", async () => {
    mock.enqueue(plainAnswer("ok"));
    const r = await runCli(["exec", "--ephemeral", "hi"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(rolloutFiles()).toEqual([]);
  });
});
