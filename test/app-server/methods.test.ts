// The app-server's other methods as a real process: thread naming, compaction, `!cmd`, turn and
// item listing, archive/unarchive/delete, fs/*, config writes (comments kept) and accounts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import {
  REPO_ROOT,
  mockConfig,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";
import { AppServerClient, useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'sandbox_mode = "workspace-write"' },
);

const spawnServer = useAppServerClients();

async function ready(): Promise<AppServerClient> {
  const client = spawnServer({ cwd: ws.work, home: ws.home });
  await client.initialize();
  return client;
}

async function threadWithTurn(c: AppServerClient, text = "first question"): Promise<string> {
  mock.enqueue(plainAnswer("first answer"));
  const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
  await c.call("turn/start", { threadId, input: [{ type: "text", text }] });
  await c.notification("turn/completed", (p) => p.threadId === threadId);
  return threadId;
}

describe("thread methods", () => {
  it("names a thread, lists its turns and items, and runs `!cmd` and compaction as turns", async () => {
    const c = await ready();
    const threadId = await threadWithTurn(c);
    expect(await c.call("thread/name/set", { threadId, name: "kiwi" })).toEqual({});
    await c.notification("thread/name/updated", (p) => p.threadName === "kiwi");
    expect(((await c.call("thread/read", { threadId })).thread as { name: string }).name).toBe(
      "kiwi",
    );

    await c.call("thread/shellCommand", { threadId, command: "echo from-user" });
    const shell = await c.notification(
      "item/completed",
      (p) => (p.item as { type: string }).type === "commandExecution",
    );
    expect(shell.params!.item).toMatchObject({ source: "userShell", exitCode: 0 });
    expect((shell.params!.item as { aggregatedOutput: string }).aggregatedOutput).toContain(
      "from-user",
    );
    await c.waitFor(() => c.notifications("turn/completed").length === 2);

    mock.enqueue(plainAnswer("a short summary"));
    await c.call("thread/compact/start", { threadId });
    await c.notification("thread/compacted", (p) => p.threadId === threadId);
    await c.waitFor(() => c.notifications("turn/completed").length === 3);

    const turns = await c.call("thread/turns/list", { threadId, limit: 2 });
    expect((turns.data as unknown[]).length).toBe(2);
    expect(turns.nextCursor).toBe("2");
    const rest = await c.call("thread/turns/list", { threadId, cursor: "2" });
    expect((rest.data as unknown[]).length).toBe(1);
    const items = (await c.call("thread/items/list", { threadId })).data as Array<{
      item: { type: string };
    }>;
    expect(items.map((e) => e.item.type)).toEqual(
      expect.arrayContaining([
        "userMessage",
        "agentMessage",
        "commandExecution",
        "contextCompaction",
      ]),
    );
  });

  it("steers a running turn with more input", async () => {
    const c = await ready();
    mock.enqueue({ hang: true });
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    const turn = (await c.call("turn/start", { threadId, input: [{ type: "text", text: "a" }] }))
      .turn as { id: string };
    const busy = await c.request("turn/start", { threadId, input: [{ type: "text", text: "b" }] });
    expect(busy.error?.message).toContain("use turn/steer or turn/interrupt");
    expect(
      await c.call("turn/steer", {
        threadId,
        expectedTurnId: turn.id,
        input: [{ type: "text", text: "also this" }],
      }),
    ).toEqual({ turnId: turn.id });
    const wrong = await c.request("turn/steer", {
      threadId,
      expectedTurnId: "nope",
      input: [{ type: "text", text: "x" }],
    });
    expect(wrong.error?.code).toBe(-32600);
    await c.call("turn/interrupt", { threadId, turnId: turn.id });
    await c.notification("turn/completed");
  });

  it("review/start runs a review of uncommitted changes inline as a turn", async () => {
    const c = await ready();
    writeFileSync(path.join(ws.work, "hello.txt"), "hello, changed\n");
    const verdict = {
      findings: [],
      overall_correctness: "patch is correct",
      overall_explanation: "Only a greeting changed.",
      overall_confidence_score: 0.9,
    };
    mock.enqueue(plainAnswer(JSON.stringify(verdict)));
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    const r = await c.call("review/start", { threadId, target: { type: "uncommittedChanges" } });
    expect(r.reviewThreadId).toBe(threadId);
    const done = await c.notification("turn/completed");
    expect((done.params!.turn as { status: string }).status).toBe("completed");
    const kinds = c
      .notifications("item/completed")
      .map((m) => (m.params!.item as { type: string }).type);
    expect(kinds).toEqual(expect.arrayContaining(["enteredReviewMode", "exitedReviewMode"]));
    const exited = c
      .notifications("item/completed")
      .find((m) => (m.params!.item as { type: string }).type === "exitedReviewMode")!;
    expect((exited.params!.item as { review: string }).review).toContain(
      "Only a greeting changed.",
    );
    expect(JSON.stringify(mock.requests.at(-1)!.body)).toContain("hello, changed");
    const bad = await c.request("review/start", { threadId, target: { type: "nope" } });
    expect(bad.error?.code).toBe(-32600);
  });

  it("archives, unarchives and deletes threads", async () => {
    const c = await ready();
    const threadId = await threadWithTurn(c);
    const { path: file } = (await c.call("thread/read", { threadId })).thread as { path: string };
    await c.call("thread/archive", { threadId });
    await c.notification("thread/archived", (p) => p.threadId === threadId);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.join(ws.home, "archived_sessions", path.basename(file)))).toBe(true);
    const listed = (await c.call("thread/list", {})).data as Array<{ id: string }>;
    expect(listed.map((t) => t.id)).not.toContain(threadId);
    const archived = (await c.call("thread/list", { archived: true })).data as Array<{
      id: string;
    }>;
    expect(archived.map((t) => t.id)).toEqual([threadId]);
    const back = await c.call("thread/unarchive", { threadId });
    expect((back.thread as { id: string }).id).toBe(threadId);
    expect(existsSync(file)).toBe(true);
    await c.call("thread/delete", { threadId });
    expect(existsSync(file)).toBe(false);
    const gone = await c.request("thread/read", { threadId });
    expect(gone.error?.message).toBe(`thread not found: ${threadId}`);
  });
});

describe("MCP server status", () => {
  it("mcpServerStatus/list reports a thread's MCP servers, their tools and auth state", async () => {
    const script = path.join(REPO_ROOT, "test", "mcp", "fixtures", "test-server.mjs");
    writeConfig(
      ws.home,
      `${mockConfig(mock.url)}\n[mcp_servers.tester]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(script)}]\n`,
    );
    const c = await ready();
    const none = await c.request("mcpServerStatus/list", {});
    expect(none.error?.message).toContain("needs a loaded thread");
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    const r = await c.call("mcpServerStatus/list", { threadId });
    const [tester] = r.data as Array<{
      name: string;
      tools: Record<string, unknown>;
      authStatus: string;
    }>;
    expect(tester).toMatchObject({ name: "tester", authStatus: "unsupported" });
    expect(Object.keys(tester!.tools)).toEqual(expect.arrayContaining(["echo", "hang"]));
    expect(r.nextCursor).toBeNull();
  });
});

describe("fs, config and account methods", () => {
  it("reads, writes, lists, copies and removes files", async () => {
    const c = await ready();
    const dir = path.join(ws.work, "made");
    await c.call("fs/createDirectory", { path: dir });
    const file = path.join(dir, "a.txt");
    await c.call("fs/writeFile", {
      path: file,
      dataBase64: Buffer.from("héllo").toString("base64"),
    });
    const read = await c.call("fs/readFile", { path: file });
    expect(Buffer.from(read.dataBase64 as string, "base64").toString()).toBe("héllo");
    expect(await c.call("fs/getMetadata", { path: file })).toMatchObject({
      isFile: true,
      isDirectory: false,
      isSymlink: false,
    });
    await c.call("fs/copy", { sourcePath: file, destinationPath: path.join(dir, "b.txt") });
    const entries = (await c.call("fs/readDirectory", { path: dir })).entries as Array<{
      fileName: string;
    }>;
    expect(entries.map((e) => e.fileName).sort()).toEqual(["a.txt", "b.txt"]);
    await c.call("fs/remove", { path: dir, recursive: true });
    expect(existsSync(dir)).toBe(false);
    const relative = await c.request("fs/readFile", { path: "relative.txt" });
    expect(relative.error?.message).toContain("must be an absolute path");
    const missing = await c.request("fs/readFile", { path: file });
    expect(missing.error?.message).toContain(`cannot read ${file}: ENOENT`);
  });

  it("writes config values keeping comments, and refuses a stale expectedVersion", async () => {
    writeConfig(ws.home, `# my settings\n${mockConfig(mock.url)}`);
    const c = await ready();
    const first = await c.call("config/value/write", {
      keyPath: "model_reasoning_effort",
      value: "high",
      mergeStrategy: "replace",
    });
    expect(first).toMatchObject({ filePath: path.join(ws.home, "config.toml"), status: "ok" });
    await c.call("config/batchWrite", {
      edits: [
        { keyPath: "tools.view_image", value: false, mergeStrategy: "replace" },
        {
          keyPath: "shell_environment_policy",
          value: { inherit: "core" },
          mergeStrategy: "upsert",
        },
      ],
      expectedVersion: first.version,
    });
    const text = readFileSync(path.join(ws.home, "config.toml"), "utf8");
    expect(text.startsWith("# my settings\n")).toBe(true);
    expect(text).toContain('model_reasoning_effort = "high"');
    expect(text).toMatch(/\[tools\]\s*\nview_image = false/);
    expect(text).toMatch(/inherit = "core"/);
    const stale = await c.request("config/value/write", {
      keyPath: "model",
      value: "x",
      mergeStrategy: "replace",
      expectedVersion: first.version,
    });
    expect(stale.error?.message).toContain("config version mismatch");
    expect(
      ((await c.call("config/read", {})).config as { model_reasoning_effort: string })
        .model_reasoning_effort,
    ).toBe("high");
    expect(await c.call("configRequirements/read")).toEqual({ requirements: null });
  });

  it("command/exec runs a command under the sandbox, streams it, and terminates it", async () => {
    const c = await ready();
    const r = await c.call("command/exec", {
      command: ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"],
      cwd: ws.work,
    });
    expect(r).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
    const streamed = await c.call("command/exec", {
      command: ["/bin/sh", "-c", "printf streamed"],
      processId: "p1",
      streamStdoutStderr: true,
    });
    expect(streamed.exitCode).toBe(0);
    const delta = await c.notification("command/exec/outputDelta", (p) => p.processId === "p1");
    expect(Buffer.from(delta.params!.deltaBase64 as string, "base64").toString()).toBe("streamed");
    const long = c.request("command/exec", {
      command: ["/bin/sh", "-c", "echo started; sleep 30"],
      processId: "p2",
      streamStdoutStderr: true,
      disableTimeout: true,
    });
    await c.notification("command/exec/outputDelta", (p) => p.processId === "p2");
    await c.call("command/exec/terminate", { processId: "p2" });
    expect(((await long).result as { exitCode: number }).exitCode).not.toBe(0);
    const tty = await c.request("command/exec", { command: ["true"], tty: true });
    expect(tty.error?.message).toContain("`processId` is required");
  });

  it("stores and removes an API key", async () => {
    const c = await ready();
    expect(await c.call("account/login/start", { type: "apiKey", apiKey: "sk-test-123" })).toEqual({
      type: "apiKey",
    });
    const auth = path.join(ws.home, "auth.json");
    expect(JSON.parse(readFileSync(auth, "utf8"))).toEqual({ OPENAI_API_KEY: "sk-test-123" });
    const chatgpt = await c.request("account/login/start", { type: "chatgpt" });
    expect(chatgpt.error?.message).toContain("not supported by codex-ts");
    await c.call("account/logout");
    expect(existsSync(auth)).toBe(false);
    const limits = await c.call("account/rateLimits/read", {});
    expect(limits.rateLimits).toMatchObject({ limitId: "codex", primary: null });
  });
});
