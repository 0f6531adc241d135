import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { spawn, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { RolloutRecorder, gitInfo, readRollout, sessionsDir } from "../../src/rollout/index.js";
import type { RolloutItem, SessionMeta } from "../../src/rollout/index.js";
import { bundleChildScript } from "./child-script.js";

const here = path.dirname(fileURLToPath(import.meta.url));
let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "codex-ts-rollout-")));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function meta(id: string, cwd = "/work"): SessionMeta {
  return {
    id,
    timestamp: new Date().toISOString(),
    cwd,
    originator: "test",
    cli_version: "0.0.0",
    source: "exec",
  };
}

const userItem = (text: string): RolloutItem => ({
  type: "response_item",
  payload: { type: "message", role: "user", content: [{ type: "input_text", text }] },
});

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("RolloutRecorder", () => {
  it("creates the file lazily under sessions/YYYY/MM/DD with session_meta first", async () => {
    const now = new Date(2024, 2, 5, 7, 8, 9);
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-1",
      meta: meta("ignored"),
      now,
    });
    expect(rec.path).toBe(
      path.join(root, "sessions", "2024", "03", "05", "rollout-2024-03-05T07-08-09-id-1.jsonl"),
    );
    await rec.flush();
    expect(existsSync(rec.path)).toBe(false);

    rec.record([userItem("hello")]);
    await rec.flush();
    const written = lines(rec.path);
    expect(written.map((l) => l.type)).toEqual(["session_meta", "response_item"]);
    expect((written[0]?.payload as SessionMeta).id).toBe("id-1");
    expect(written[1]?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(statSync(rec.path).mode & 0o777).toBe(0o644);
    expect(statSync(sessionsDir(root)).mode & 0o777).toBe(0o700);
    await rec.shutdown();
    expect(() => rec.record([userItem("late")])).toThrow(/shut down/);
  });

  it("writes small meta fields before the instructions", async () => {
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-2",
      meta: {
        base_instructions: { text: "long" },
        instructions: "agents",
        ...meta("id-2"),
        model_provider: "openai",
      },
      git: Promise.resolve({ commit_hash: "abc", branch: "main" }),
    });
    rec.record([userItem("x")]);
    await rec.shutdown();
    const first = readFileSync(rec.path, "utf8").split("\n")[0] ?? "";
    const payload = JSON.parse(first).payload as SessionMeta;
    expect(Object.keys(payload)).toEqual([
      "id",
      "timestamp",
      "cwd",
      "originator",
      "cli_version",
      "source",
      "model_provider",
      "git",
      "instructions",
      "base_instructions",
    ]);
    expect(payload.git).toEqual({ commit_hash: "abc", branch: "main" });
  });

  it("persists only the selected event kinds and never a caller's session_meta", async () => {
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-3",
      meta: meta("id-3"),
    });
    rec.record([
      { type: "session_meta", payload: meta("other") },
      { type: "event_msg", payload: { type: "agent_message_delta", delta: "h" } },
      {
        type: "event_msg",
        payload: { type: "exec_command_output_delta", call_id: "c", stream: "stdout", chunk: "" },
      },
      { type: "event_msg", payload: { type: "agent_message", message: "hi" } },
      { type: "event_msg", payload: { type: "token_count", info: null, rate_limits: null } },
      {
        type: "turn_context",
        payload: {
          cwd: "/w",
          approval_policy: "never",
          sandbox_policy: { type: "read-only" },
          model: "m",
          effort: "low",
          summary: "auto",
        },
      },
      { type: "compacted", payload: { message: "sum" } },
    ]);
    await rec.shutdown();
    const { items, meta: m } = await readRollout(rec.path);
    expect(m?.id).toBe("id-3");
    expect(items.map((i) => (i.type === "event_msg" ? `event:${i.payload.type}` : i.type))).toEqual(
      ["session_meta", "event:agent_message", "event:token_count", "turn_context", "compacted"],
    );
  });

  it("stores large tool outputs truncated", async () => {
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-4",
      meta: meta("id-4"),
      maxToolOutputChars: 1000,
    });
    const output = "a".repeat(600) + "b".repeat(10_000) + "c".repeat(600);
    rec.record([
      { type: "response_item", payload: { type: "function_call_output", call_id: "c1", output } },
    ]);
    await rec.shutdown();
    const { items } = await readRollout(rec.path);
    const stored = items[1];
    expect(stored?.type === "response_item" && stored.payload.type === "function_call_output").toBe(
      true,
    );
    if (stored?.type === "response_item" && stored.payload.type === "function_call_output") {
      const text = stored.payload.output as string;
      expect(text.length).toBeLessThan(1200);
      expect(text.startsWith("a".repeat(500))).toBe(true);
      expect(text.endsWith("c".repeat(500))).toBe(true);
      expect(text).toContain("omitted");
    }
  });

  it("resume appends to the same file without a second session_meta", async () => {
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-5",
      meta: meta("id-5"),
    });
    rec.record([userItem("one")]);
    await rec.shutdown();

    const resumed = await RolloutRecorder.resume({ path: rec.path });
    expect(resumed.path).toBe(rec.path);
    resumed.record([userItem("two")]);
    await resumed.shutdown();
    const written = lines(rec.path);
    expect(written.map((l) => l.type)).toEqual(["session_meta", "response_item", "response_item"]);
  });

  it("resume cuts off a torn last line before appending", async () => {
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-6",
      meta: meta("id-6"),
    });
    rec.record([userItem("one")]);
    await rec.shutdown();
    appendFileSync(rec.path, '{"timestamp":"2025-01-01T00:00:00.000Z","type":"response_it');

    const resumed = await RolloutRecorder.resume({ path: rec.path });
    resumed.record([userItem("two")]);
    await resumed.shutdown();
    const r = await readRollout(rec.path);
    expect(r.errors).toEqual([]);
    expect(r.tornTail).toBe(false);
    expect(r.items).toHaveLength(3);
  });

  it("resume ends a valid but unterminated last line instead of dropping it", async () => {
    const file = path.join(root, "manual.jsonl");
    writeFileSync(
      file,
      JSON.stringify({
        timestamp: "t",
        type: "response_item",
        payload: { type: "message", role: "user", content: [] },
      }),
    );
    const resumed = await RolloutRecorder.resume({ path: file });
    resumed.record([userItem("two")]);
    await resumed.shutdown();
    const r = await readRollout(file);
    expect(r.errors).toEqual([]);
    expect(r.items).toHaveLength(2);
  });

  it("resume of a missing file fails with the path", async () => {
    const missing = path.join(root, "nope.jsonl");
    await expect(RolloutRecorder.resume({ path: missing })).rejects.toThrow(missing);
  });

  it("reports write failures on flush with the path, without throwing from record", async () => {
    writeFileSync(path.join(root, "sessions"), "not a directory");
    const rec = RolloutRecorder.create({
      codexHome: root,
      conversationId: "id-7",
      meta: meta("id-7"),
    });
    rec.record([userItem("one")]);
    await expect(rec.flush()).rejects.toThrow(/failed to record rollout items to .*id-7\.jsonl/);
    // The error was reported once; a flush with nothing new resolves.
    await expect(rec.flush()).resolves.toBeUndefined();
  });

  it("leaves a parseable file when the writer is SIGKILLed mid-write, and resume continues it", async () => {
    const script = await bundleChildScript(path.join(here, "fixtures", "crash-writer.ts"), root);
    const home = path.join(root, "home");
    const child = spawn(process.execPath, [script, home, "crash-id"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let file = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_c, sig) => resolve(sig)),
    );
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith("path ")) file = line.slice(5);
      if (line === "ready") break;
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const r = await readRollout(file);
    expect(r.errors).toEqual([]);
    expect(r.meta?.id).toBe("crash-id");
    const seq = r.items
      .slice(1)
      .map((i) =>
        i.type === "response_item" &&
        i.payload.type === "message" &&
        i.payload.content[0]?.type === "output_text"
          ? Number(i.payload.content[0].text.split(" ")[0])
          : -1,
      );
    expect(seq.length).toBeGreaterThanOrEqual(200);
    expect(seq).toEqual(seq.map((_v, i) => i));

    const resumed = await RolloutRecorder.resume({ path: file });
    resumed.record([userItem("after crash")]);
    await resumed.shutdown();
    const again = await readRollout(file);
    expect(again.errors).toEqual([]);
    expect(again.tornTail).toBe(false);
    expect(again.items.filter((i) => i.type === "session_meta")).toHaveLength(1);
    expect(again.items).toHaveLength(r.items.length + 1);
    expect(again.items.at(-1)).toEqual(userItem("after crash"));
  });
});

describe("gitInfo", () => {
  it("collects commit, branch and origin without credentials", async () => {
    const repo = path.join(root, "repo");
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
      }).trim();
    execFileSync("mkdir", ["-p", repo]);
    git("init", "-q", "-b", "feature");
    writeFileSync(path.join(repo, "f"), "x");
    git("add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "c");
    git("remote", "add", "origin", "https://user:secret@example.com/org/repo.git");
    const info = await gitInfo(repo);
    expect(info).toEqual({
      commit_hash: git("rev-parse", "HEAD"),
      branch: "feature",
      repository_url: "https://example.com/org/repo.git",
    });
  });

  it("returns null outside a repository", async () => {
    expect(await gitInfo(root)).toBeNull();
  });
});
