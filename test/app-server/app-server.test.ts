// `codex app-server` over stdio as a real process against the mock model: lifecycle, errors,
// a turn with an approval, interrupts, disconnects, rollouts shared with `codex resume`, and
// 20 threads at once. Every message the server sends is checked against the reference schema.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { AppServerClient, type Message, useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'approval_policy = "on-request"\nsandbox_mode = "read-only"' },
);

const spawnServer = useAppServerClients();

function start(): AppServerClient {
  const client = spawnServer({ cwd: ws.work, home: ws.home });
  return client;
}

const escalatedCall = (callId: string, cmd: string) => ({
  sse: [
    sse.created("r1"),
    ...sse.functionCall(
      callId,
      "exec_command",
      JSON.stringify({
        cmd,
        sandbox_permissions: "require_escalated",
        justification: "the test wants to write",
      }),
    ),
    sse.completed("r1", { input_tokens: 10, output_tokens: 5 }),
  ],
});

async function startThread(c: AppServerClient): Promise<string> {
  const r = await c.call("thread/start", { cwd: ws.work });
  return (r.thread as { id: string }).id;
}

async function startTurn(c: AppServerClient, threadId: string, text: string): Promise<string> {
  const r = await c.call("turn/start", {
    threadId,
    input: [{ type: "text", text, text_elements: [] }],
  });
  return (r.turn as { id: string }).id;
}

const turnCompleted = (c: AppServerClient, threadId: string) =>
  c.notification("turn/completed", (p) => p.threadId === threadId);

describe("lifecycle and errors", () => {
  it("answers as the reference does before, at and after initialize", async () => {
    const c = start();
    const pre = await c.request("model/list", {});
    expect(pre.error).toEqual({ code: -32600, message: "Not initialized" });
    c.sendRaw("{this is not json");
    c.sendRaw({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: {
        clientInfo: { name: "probe", title: null, version: "0.0.1" },
        capabilities: null,
      },
    });
    const init = await c.waitFor((m) => m.id === "init");
    const result = init.result as Record<string, string>;
    expect(result.userAgent).toMatch(
      /^codex-ts\/0\.169\.0 \(codex-ts [^;]+; .+\) .+ \(probe; 0\.0\.1\)$/,
    );
    expect(result).toMatchObject({ codexHome: ws.home, platformFamily: "unix" });
    expect(typeof result.platformOs).toBe("string");
    const again = await c.request("initialize", { clientInfo: { name: "p", version: "1" } });
    expect(again.error).toEqual({ code: -32600, message: "Already initialized" });
    expect(c.messages.some((m) => "jsonrpc" in m)).toBe(false);
  });

  it("names unknown, unsupported, param-less and experimental requests in -32600 errors", async () => {
    const c = start();
    await c.initialize();
    const unknown = await c.request("bogus/method", {});
    expect(unknown.error?.code).toBe(-32600);
    expect(unknown.error?.message).toMatch(
      /^Invalid request: unknown variant `bogus\/method`, expected one of `initialize`, .*`thread\/start`/,
    );
    const noParams = await c.request("thread/read");
    expect(noParams.error).toEqual({
      code: -32600,
      message: "Invalid request: missing field `params`",
    });
    const badId = await c.request("thread/read", { threadId: "not-a-uuid" });
    expect(badId.error?.message).toBe(
      "invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1",
    );
    const missing = await c.request("thread/read", {});
    expect(missing.error).toEqual({
      code: -32600,
      message: "Invalid request: missing field `threadId`",
    });
    const wrongType = await c.request("thread/list", { limit: "ten" });
    expect(wrongType.error?.code).toBe(-32600);
    expect(wrongType.error?.message).toContain("`limit`");
    const experimental = await c.request("thread/settings/update", { threadId: "x" });
    expect(experimental.error).toEqual({
      code: -32600,
      message: "thread/settings/update requires experimentalApi capability",
    });
    const unsupported = await c.request("plugin/list", {});
    expect(unsupported.error?.code).toBe(-32600);
    expect(unsupported.error?.message).toContain("`plugin/list` is not supported by codex-ts");
    const foreign = await c.request("thread/read", {
      threadId: "01a1fc62-2402-79a2-b2b8-3b2f9b0203b1",
    });
    expect(foreign.error).toEqual({
      code: -32600,
      message: "thread not found: 01a1fc62-2402-79a2-b2b8-3b2f9b0203b1",
    });
    // Simple reads answer with empty lists until codex-ts has skills and hooks.
    expect(await c.call("skills/list", {})).toEqual({ data: [] });
    expect(await c.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });
  });

  it("serves model/list and config/read", async () => {
    const c = start();
    await c.initialize();
    const models = (await c.call("model/list", {})).data as Array<Record<string, unknown>>;
    expect(models.find((m) => m.isDefault)).toMatchObject({ id: "gpt-5.5", model: "gpt-5.5" });
    const config = (await c.call("config/read", {})).config as Record<string, unknown>;
    expect(config).toMatchObject({
      model: "gpt-5.5",
      model_provider: "mock",
      approval_policy: "on-request",
      sandbox_mode: "read-only",
    });
  });

  it("rejects a request id that is still in flight and ignores notifications", async () => {
    const c = start();
    await c.initialize();
    c.sendRaw({ method: "some/notification", params: {} });
    // Both lines arrive together: thread/start is still running when its id comes again.
    const start1 = JSON.stringify({ id: "dup", method: "thread/start", params: { cwd: ws.work } });
    const again = JSON.stringify({ id: "dup", method: "thread/loaded/list", params: {} });
    c.sendRaw(`${start1}\n${again}`);
    const rejected = await c.waitFor((m) => m.id === "dup" && m.error !== undefined);
    expect(rejected.error).toEqual({
      code: -32600,
      message: 'Invalid request: request id "dup" is already in use',
    });
    const started = await c.waitFor((m) => m.id === "dup" && m.result !== undefined);
    expect(started.result).toHaveProperty("thread");
  });
});

describe("turns", () => {
  it("runs a turn with a command approval the way the reference's capture shows", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue(
      escalatedCall("call_1", "echo hi > as-escalated.txt"),
      plainAnswer("done after exec"),
    );
    const threadId = await startThread(c);
    await c.notification("thread/started");
    c.onServerRequest = (m) =>
      m.method === "item/commandExecution/requestApproval" ? { decision: "accept" } : undefined;
    const turnId = await startTurn(c, threadId, "write a file");
    const done = await turnCompleted(c, threadId);
    expect((done.params!.turn as Record<string, unknown>).status).toBe("completed");
    expect(readFileSync(`${ws.work}/as-escalated.txt`, "utf8")).toBe("hi\n");

    const trace = c.messages
      .filter(
        (m) =>
          m.method && m.method !== "account/rateLimits/updated" && m.method !== "thread/started",
      )
      .map((m) => {
        const item = m.params?.item as { type: string } | undefined;
        return item ? `${m.method}:${item.type}` : m.method!;
      });
    expect(trace).toEqual([
      "thread/status/changed",
      "turn/started",
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:commandExecution",
      "thread/status/changed",
      "item/commandExecution/requestApproval",
      "serverRequest/resolved",
      "thread/status/changed",
      "item/completed:commandExecution",
      "thread/tokenUsage/updated",
      "item/started:agentMessage",
      "item/completed:agentMessage",
      "thread/tokenUsage/updated",
      "thread/status/changed",
      "turn/completed",
    ]);
    const request = c.messages.find((m) => m.method === "item/commandExecution/requestApproval")!;
    expect(request.params).toMatchObject({
      kind: "command",
      threadId,
      turnId,
      itemId: "call_1",
      reason: "the test wants to write",
      command: "/bin/bash -lc 'echo hi > as-escalated.txt'",
    });
    const resolved = c.messages.find((m) => m.method === "serverRequest/resolved")!;
    expect(resolved.params).toEqual({ threadId, requestId: request.id });
    const cmdDone = c.messages.find(
      (m) =>
        m.method === "item/completed" &&
        (m.params!.item as { type: string }).type === "commandExecution",
    )!;
    expect(cmdDone.params!.item).toMatchObject({ id: "call_1", status: "completed", exitCode: 0 });
    expect(typeof cmdDone.emittedAtMs).toBe("number");

    // thread/read gives the turn back with its items; thread/list finds the thread.
    const read = await c.call("thread/read", { threadId, includeTurns: true });
    const turns = (read.thread as { turns: Array<{ id: string; items: Array<{ type: string }> }> })
      .turns;
    expect(turns.map((t) => t.id)).toEqual([turnId]);
    expect(turns[0]!.items.map((i) => i.type)).toEqual([
      "userMessage",
      "commandExecution",
      "agentMessage",
    ]);
    const listed = (await c.call("thread/list", {})).data as Array<{ id: string; preview: string }>;
    expect(listed.find((t) => t.id === threadId)?.preview).toBe("write a file");
  });

  it("declines a command when the client declines, and the model is told", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue(escalatedCall("call_d", "echo no > declined.txt"), plainAnswer("ok, not writing"));
    const threadId = await startThread(c);
    c.onServerRequest = () => ({ decision: "decline" });
    await startTurn(c, threadId, "write it");
    await turnCompleted(c, threadId);
    expect(existsSync(`${ws.work}/declined.txt`)).toBe(false);
    const item = c.messages.find(
      (m) => m.method === "item/completed" && (m.params!.item as { id: string }).id === "call_d",
    )!;
    expect(item.params!.item).toMatchObject({ status: "declined" });
  });

  it("turn/interrupt settles an approval nobody answered and ends the turn as interrupted", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue(escalatedCall("call_i", "echo x > never.txt"));
    const threadId = await startThread(c);
    const turnId = await startTurn(c, threadId, "go");
    const request = await c.waitFor((m) => m.method === "item/commandExecution/requestApproval");
    await c.call("turn/interrupt", { threadId, turnId });
    await c.notification("serverRequest/resolved", (p) => p.requestId === request.id);
    const done = await turnCompleted(c, threadId);
    expect((done.params!.turn as { status: string }).status).toBe("interrupted");
    expect(existsSync(`${ws.work}/never.txt`)).toBe(false);
    const busy = await c.request("turn/interrupt", { threadId, turnId });
    expect(busy.error?.code).toBe(-32600);
  });

  it("streams agent message deltas under the item's id", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue({
      sse: [
        sse.created("r1"),
        ...sse.textDeltas(["Hel", "lo"], { id: "msg_s" }),
        sse.completed("r1"),
      ],
    });
    const threadId = await startThread(c);
    await startTurn(c, threadId, "stream");
    await turnCompleted(c, threadId);
    const deltas = c.notifications("item/agentMessage/delta").map((m) => m.params!);
    expect(deltas.map((d) => d.delta)).toEqual(["Hel", "lo"]);
    expect(new Set(deltas.map((d) => d.itemId))).toEqual(new Set(["msg_s"]));
    const started = c.notifications("item/started").map((m) => m.params!.item as { id: string });
    expect(started.map((i) => i.id)).toContain("msg_s");
  });

  it("a client that disconnects mid-turn interrupts it, flushes the rollout and exits", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue(escalatedCall("call_x", "echo x > gone.txt"));
    const threadId = await startThread(c);
    const path = (await c.call("thread/read", { threadId })).thread as { path: string };
    await startTurn(c, threadId, "then vanish");
    await c.waitFor((m) => m.method === "item/commandExecution/requestApproval");
    expect(await c.close()).toBe(0);
    const rollout = readFileSync(path.path, "utf8");
    expect(rollout).toContain('"type":"turn_aborted"');
    expect(existsSync(`${ws.work}/gone.txt`)).toBe(false);
    expect(() => process.kill(c.pid, 0)).toThrow();
  });

  it("threads are rollouts: codex exec resume continues a thread started here", async () => {
    const c = start();
    await c.initialize();
    mock.enqueue(plainAnswer("first answer"), plainAnswer("second answer"));
    const threadId = await startThread(c);
    await startTurn(c, threadId, "remember the word kiwi");
    await turnCompleted(c, threadId);
    expect(await c.close()).toBe(0);
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "read-only"'));
    const r = await runCli(["exec", "resume", threadId, "what was the word?"], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    const input = JSON.stringify(mock.requests.at(-1)!.body!.input);
    expect(input).toContain("remember the word kiwi");
    expect(input).toContain("first answer");

    // And the app-server resumes it again, with both turns.
    const c2 = spawnServer({ cwd: ws.work, home: ws.home });
    await c2.initialize();
    const resumed = await c2.call("thread/resume", { threadId });
    const turns = (resumed.thread as { turns: unknown[] }).turns;
    expect(turns).toHaveLength(2);
  });

  it("runs 20 threads at once in one server", async () => {
    const c = start();
    await c.initialize();
    for (let i = 0; i < 20; i++) mock.enqueue(plainAnswer(`answer`));
    const ids = await Promise.all(Array.from({ length: 20 }, () => startThread(c)));
    expect(new Set(ids).size).toBe(20);
    const done = ids.map((id) => turnCompleted(c, id));
    await Promise.all(ids.map((id, i) => startTurn(c, id, `question ${i}`)));
    const turns = await Promise.all(done);
    expect(turns.map((t) => (t.params!.turn as { status: string }).status)).toEqual(
      Array(20).fill("completed"),
    );
    const loaded = (await c.call("thread/loaded/list", {})).data as string[];
    expect(new Set(loaded)).toEqual(new Set(ids));
  });
});

describe("more notifications and bad input", () => {
  it("a patch is a fileChange item with turn/diff/updated; a plan is turn/plan/updated", async () => {
    writeConfig(
      ws.home,
      mockConfig(
        mock.url,
        'sandbox_mode = "workspace-write"\napproval_policy = "never"\nbogus_key = 1',
      ),
    );
    const c = start();
    await c.initialize();
    const patch =
      "*** Begin Patch\n*** Update File: hello.txt\n@@\n-hello\n+hello world\n*** End Patch";
    const plan = { plan: [{ step: "edit hello", status: "in_progress" }] };
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("p1", "update_plan", JSON.stringify(plan)),
          ...sse.customToolCall("c1", "apply_patch", patch),
          sse.completed("r1"),
        ],
      },
      plainAnswer("patched"),
    );
    const threadId = await startThread(c);
    const warning = await c.notification("configWarning");
    expect(String(warning.params!.summary)).toContain("bogus_key");
    await startTurn(c, threadId, "patch it");
    await turnCompleted(c, threadId);
    expect(readFileSync(`${ws.work}/hello.txt`, "utf8")).toBe("hello world\n");
    const planned = await c.notification("turn/plan/updated");
    expect(planned.params).toMatchObject({ plan: [{ step: "edit hello", status: "inProgress" }] });
    const diff = await c.notification("turn/diff/updated");
    expect(diff.params!.diff).toContain("+hello world");
    const change = c
      .notifications("item/completed")
      .find((m) => (m.params!.item as { type: string }).type === "fileChange")!;
    expect(change.params!.item).toMatchObject({
      id: "c1",
      status: "completed",
      changes: [{ path: `${ws.work}/hello.txt`, kind: { type: "update" } }],
    });
  });

  it("a broken config.toml is -32603 naming the file and line, and the server goes on", async () => {
    writeConfig(ws.home, mockConfig(mock.url, "approval_policy = 42"));
    const c = start();
    await c.initialize();
    const r = await c.request("thread/start", { cwd: ws.work });
    expect(r.error?.code).toBe(-32603);
    expect(r.error?.message).toMatch(/config\.toml:\d+:\d+: invalid value for `approval_policy`/);
    expect(await c.call("thread/loaded/list", {})).toEqual({ data: [], nextCursor: null });
  });

  it("ignores a 10 MB line that is not a message and answers the next request", async () => {
    const c = start();
    await c.initialize();
    c.sendRaw(`{"id": 99, "method": "thread/list", ${"x".repeat(10 * 1024 * 1024)}`);
    const r = await c.request("thread/loaded/list", {});
    expect(r.result).toEqual({ data: [], nextCursor: null });
    expect(c.messages.some((m) => m.id === 99)).toBe(false);
  });

  it("honours optOutNotificationMethods", async () => {
    const c = start();
    await c.initialize({
      optOutNotificationMethods: ["thread/started", "item/agentMessage/delta"],
    });
    mock.enqueue({
      sse: [sse.created("r1"), ...sse.textDeltas(["a", "b"], { id: "m1" }), sse.completed("r1")],
    });
    const threadId = await startThread(c);
    await startTurn(c, threadId, "hi");
    await turnCompleted(c, threadId);
    expect(c.notifications("thread/started")).toEqual([]);
    expect(c.notifications("item/agentMessage/delta")).toEqual([]);
    expect(c.notifications("item/completed").length).toBeGreaterThan(0);
  });
});

export type { Message };
