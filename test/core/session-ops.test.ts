// Ops that touch shared files: prompt history (B3.74–B3.76), custom prompts (B3.78), notify.
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOf } from "../../src/protocol/index.js";
import { makeWorkspace, type Workspace } from "../harness.js";
import { plainAnswer, startMockServer, type MockServer } from "../mock-server/index.js";
import { eventsUntil } from "./session-harness.js";
import { startSession } from "./task-helpers.js";

let mock: MockServer;
let ws: Workspace;

beforeEach(async () => {
  mock = await startMockServer();
  ws = makeWorkspace();
});
afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
  ws.cleanup();
});

const historyFile = () => path.join(ws.home, "history.jsonl");

describe("prompt history ops", () => {
  it("reports the file in SessionConfigured, appends, and looks entries up", async () => {
    writeFileSync(
      historyFile(),
      '{"session_id":"old","ts":1,"text":"older prompt"}\n{"session_id":"old","ts":2,"text":"newer prompt"}\n',
      { mode: 0o600 },
    );
    const { conversation, sessionConfigured, conversationId } = await startSession(ws, mock.url);
    const logId = statSync(historyFile()).ino;
    expect(sessionConfigured.history_log_id).toBe(logId);
    expect(sessionConfigured.history_entry_count).toBe(2);

    conversation.submit({ type: "add_to_history", text: "typed just now" });
    const id = conversation.submit({ type: "get_history_entry_request", offset: 0, log_id: logId });
    const [reply] = (
      await eventsUntil(conversation, (m) => m.type === "get_history_entry_response")
    ).slice(-1);
    expect(reply!.id).toBe(id);
    expect(reply!.msg).toEqual({
      type: "get_history_entry_response",
      offset: 0,
      log_id: logId,
      entry: { conversation_id: "old", ts: 1, text: "older prompt" },
    });
    conversation.submit({ type: "get_history_entry_request", offset: 1, log_id: logId + 1 });
    const stale = (
      await eventsUntil(conversation, (m) => m.type === "get_history_entry_response")
    ).at(-1)!.msg as EventOf<"get_history_entry_response">;
    expect(stale.entry).toBeNull();

    // Shutdown waits for the background append.
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    const lines = readFileSync(historyFile(), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toMatchObject({
      session_id: conversationId,
      text: "typed just now",
    });
  });

  it('writes nothing with [history] persistence = "none"', async () => {
    const { conversation, sessionConfigured } = await startSession(ws, mock.url, {
      extraToml: '[history]\npersistence = "none"',
    });
    expect(sessionConfigured.history_entry_count).toBe(0);
    conversation.submit({ type: "add_to_history", text: "secret" });
    conversation.submit({ type: "shutdown" });
    await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
    expect(existsSync(historyFile())).toBe(false);
  });
});

describe("custom prompts", () => {
  it("lists user and project prompts; the project's wins on a name clash", async () => {
    mkdirSync(path.join(ws.home, "prompts"));
    writeFileSync(path.join(ws.home, "prompts", "mine.md"), "my own prompt\n");
    writeFileSync(path.join(ws.home, "prompts", "shared.md"), "user version\n");
    mkdirSync(path.join(ws.work, ".codex", "prompts"), { recursive: true });
    writeFileSync(
      path.join(ws.work, ".codex", "prompts", "shared.md"),
      "---\ndescription: the project's\n---\nproject version\n",
    );
    const { conversation } = await startSession(ws, mock.url);
    const id = conversation.submit({ type: "list_custom_prompts" });
    const reply = (
      await eventsUntil(conversation, (m) => m.type === "list_custom_prompts_response")
    ).at(-1)!;
    expect(reply.id).toBe(id);
    const prompts = (reply.msg as EventOf<"list_custom_prompts_response">).custom_prompts;
    expect(prompts.map((p) => p.name)).toEqual(["mine", "shared"]);
    expect(prompts[1]).toMatchObject({
      content: "project version\n",
      description: "the project's",
    });
  });
});

describe("notify", () => {
  it("runs the program after a turn with the agent-turn-complete JSON as its last argument", async () => {
    const script = path.join(ws.root, "notify.cjs");
    const out = path.join(ws.root, "notified.json");
    writeFileSync(
      script,
      "const fs = require('fs');\n" +
        "const [out, payload] = process.argv.slice(2);\n" +
        "fs.writeFileSync(out + '.tmp', payload);\n" +
        "fs.renameSync(out + '.tmp', out);\n",
    );
    mock.enqueue(plainAnswer("all done"));
    const notify = JSON.stringify([process.execPath, script, out]);
    const { conversation, conversationId } = await startSession(ws, mock.url, {
      extraToml: `notify = ${notify}`,
    });
    const id = conversation.submit({
      type: "user_input",
      items: [{ type: "text", text: "please notify me" }],
    });
    await eventsUntil(conversation, (m) => m.type === "task_complete");
    // The program runs detached; wait for the file it writes.
    for (let i = 0; i < 500 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 20));
    const payload = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    // The turn id is a UUID of its own (as Codex's), not the submission id.
    expect(payload["turn-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload["turn-id"]).not.toBe(id);
    expect(payload).toEqual({
      type: "agent-turn-complete",
      "thread-id": conversationId,
      "turn-id": payload["turn-id"],
      cwd: ws.work,
      "input-messages": ["please notify me"],
      "last-assistant-message": "all done",
    });
  });
});
