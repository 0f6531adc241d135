// Several sessions at once, and a client that goes away mid-turn: sessions end cleanly with their
// rollouts flushed and the server exits 0.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startMockServer, plainAnswer, sse, type MockServer } from "../../mock-server/index.js";
import { makeWorkspace, mockConfig, writeConfig, type Workspace } from "../../harness.js";
import { startMcpServer } from "./mcp-server-harness.js";

let mock: MockServer;
let ws: Workspace;

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
  writeConfig(ws.home, mockConfig(mock.url));
});
afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

function rolloutFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".jsonl")) out.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  return out;
}

describe("concurrent sessions", () => {
  it("a second codex call runs to completion while the first waits for its approval", async () => {
    // Request 1: A asks to run a command; request 2: B answers; request 3: A finishes.
    mock.enqueue(
      {
        sse: [
          sse.created("ra"),
          ...sse.functionCall("ca", "exec_command", JSON.stringify({ cmd: "touch a.txt" })),
          sse.completed("ra"),
        ],
      },
      plainAnswer("B done"),
      plainAnswer("A done"),
    );
    let releaseA!: () => void;
    const bFinished = new Promise<void>((resolve) => (releaseA = resolve));
    const s = await startMcpServer({
      cwd: ws.work,
      home: ws.home,
      // A's approval is answered only after B has completed: if sessions could not run side by
      // side, B would never finish and this test would time out.
      onElicit: async () => {
        await bFinished;
        return { action: "accept", content: { decision: "approved" } };
      },
    });
    const args = { "approval-policy": "untrusted", sandbox: "danger-full-access" };
    const a = s.client.callTool({ name: "codex", arguments: { prompt: "A", ...args } });
    await s.waitForEvent((e) => e.msg.type === "exec_approval_request");
    const b = (await s.client.callTool({
      name: "codex",
      arguments: { prompt: "B", ...args },
    })) as CallToolResult;
    releaseA();
    const aResult = (await a) as CallToolResult;

    const aThread = (aResult.structuredContent as { threadId: string }).threadId;
    const bThread = (b.structuredContent as { threadId: string }).threadId;
    expect(aResult.structuredContent).toEqual({ threadId: aThread, content: "A done" });
    expect(b.structuredContent).toEqual({ threadId: bThread, content: "B done" });
    expect(aThread).not.toBe(bThread);
    expect(existsSync(path.join(ws.work, "a.txt"))).toBe(true);
    // Each thread's events carry its own thread id and the request id of its own call.
    const byThread = (t: string) => s.events.filter((e) => e._meta.threadId === t);
    expect(byThread(aThread).map((e) => e.msg.type)).toContain("exec_approval_request");
    expect(byThread(bThread).map((e) => e.msg.type)).not.toContain("exec_approval_request");
    expect(new Set(byThread(aThread).map((e) => e._meta.requestId)).size).toBe(1);
    expect(new Set(byThread(bThread).map((e) => e._meta.requestId)).size).toBe(1);
    expect(byThread(aThread)[0]!._meta.requestId).not.toBe(byThread(bThread)[0]!._meta.requestId);
    expect((await s.disconnect()).code).toBe(0);
    expect(s.badStdoutLines).toEqual([]);
  });
});

describe("cancellation", () => {
  it("notifications/cancelled interrupts the turn and the thread stays usable", async () => {
    mock.enqueue({ hang: true }, plainAnswer("after cancel"));
    const s = await startMcpServer({ cwd: ws.work, home: ws.home });
    const controller = new AbortController();
    const call = s.client
      .callTool({ name: "codex", arguments: { prompt: "slow" } }, undefined, {
        signal: controller.signal,
      })
      .catch((e: Error) => e);
    const started = await s.waitForEvent((e) => e.msg.type === "task_started");
    await mock.waitForRequests(1);
    controller.abort();
    expect(await call).toBeInstanceOf(Error);
    const aborted = await s.waitForEvent((e) => e.msg.type === "turn_aborted");
    expect(aborted.msg).toMatchObject({ reason: "interrupted" });
    const threadId = started._meta.threadId;
    const next = (await s.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "again", threadId },
    })) as CallToolResult;
    expect(next.structuredContent).toEqual({ threadId, content: "after cancel" });
    expect((await s.disconnect()).code).toBe(0);
  });
});

describe("one turn per thread", () => {
  it("codex-reply on a thread whose turn is running is refused, not queued", async () => {
    mock.enqueue({ hang: true });
    const s = await startMcpServer({ cwd: ws.work, home: ws.home });
    const first = s.client
      .callTool({ name: "codex", arguments: { prompt: "slow" } })
      .catch((e: Error) => e);
    const started = await s.waitForEvent((e) => e.msg.type === "task_started");
    const threadId = started._meta.threadId;
    const busy = (await s.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "hurry", threadId },
    })) as CallToolResult;
    expect(busy.isError).toBe(true);
    expect(busy.structuredContent).toMatchObject({ threadId });
    expect(JSON.stringify(busy.content)).toContain("still running a turn");
    await mock.waitForRequests(1);
    expect((await s.disconnect()).code).toBe(0);
    expect(await first).toBeInstanceOf(Error);
    expect(mock.requests).toHaveLength(1);
  });
});

describe("client disconnect", () => {
  it("closing stdin mid-turn interrupts the turn, flushes the rollout and exits 0", async () => {
    mock.enqueue({ hang: true });
    const s = await startMcpServer({ cwd: ws.work, home: ws.home });
    const call = s.client
      .callTool({ name: "codex", arguments: { prompt: "never answered" } })
      .catch((e: Error) => e);
    await mock.waitForRequests(1);
    await s.waitForEvent((e) => e.msg.type === "task_started");

    const exit = await s.disconnect();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await call).toBeInstanceOf(Error);

    const files = rolloutFiles();
    expect(files).toHaveLength(1);
    const lines = readFileSync(files[0]!, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    const records = lines.slice(0, -1).map((l) => JSON.parse(l) as Record<string, unknown>);
    const threadId = s.events[0]!._meta.threadId;
    expect(JSON.stringify(records[0])).toContain(threadId);
    // The user's prompt reached the file, and the interrupted turn was recorded as aborted.
    expect(readFileSync(files[0]!, "utf8")).toContain("never answered");
    expect(records.some((r) => JSON.stringify(r).includes('"turn_aborted"'))).toBe(true);
    expect(s.badStdoutLines).toEqual([]);
  });

  it("idle sessions are shut down on disconnect too", async () => {
    mock.enqueue(plainAnswer("one"), plainAnswer("two"));
    const s = await startMcpServer({ cwd: ws.work, home: ws.home });
    await s.client.callTool({ name: "codex", arguments: { prompt: "first" } });
    await s.client.callTool({ name: "codex", arguments: { prompt: "second" } });
    expect((await s.disconnect()).code).toBe(0);
    const files = rolloutFiles();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
