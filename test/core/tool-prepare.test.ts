// ToolHandler.prepare: a call the stream announces (output_item.added) lets its handler start
// what the call will need before the arguments are complete; a plain answer prepares nothing.
import { describe, expect, it } from "vitest";
import { ConversationManager } from "../../src/core/index.js";
import { loadConfig } from "../../src/config/index.js";
import { ToolRegistry } from "../../src/tools/registry.js";
import type { ToolHandler } from "../../src/tools/types.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, writeConfig, useMockWorkspace, type Workspace } from "../harness.js";
import { eventsUntil } from "./session-harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

/** A tool that records when it is prepared and when it runs. */
function recordingTool(log: string[]): ToolHandler {
  return {
    name: "probe",
    parallelSafe: true,
    spec: () => ({
      type: "function",
      name: "probe",
      description: "test tool",
      strict: false,
      parameters: { type: "object", properties: {} },
    }),
    isMutating: () => false,
    prepare: () => void log.push("prepare"),
    handle: () => {
      log.push("handle");
      return Promise.resolve({ content: "probed", success: true });
    },
  };
}

async function run(log: string[]): Promise<void> {
  writeConfig(ws.home, mockConfig(mock.url));
  const { config } = await loadConfig({
    cli: { cwd: ws.work },
    env: { ...process.env, CODEX_HOME: ws.home },
  });
  const { conversation } = await new ConversationManager().newConversation({
    config,
    apiKey: "sk-test",
    originator: "codex_exec",
    buildTools: () => new ToolRegistry([recordingTool(log)]),
  });
  conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  await eventsUntil(conversation, (m) => m.type === "task_complete");
  conversation.submit({ type: "shutdown" });
  await eventsUntil(conversation, (m) => m.type === "shutdown_complete");
}

describe("tool preparation", () => {
  it("prepares an announced call once, before it runs", async () => {
    mock.enqueue(
      {
        sse: [sse.created("r1"), ...sse.functionCall("call_1", "probe", "{}"), sse.completed("r1")],
      },
      plainAnswer("done"),
    );
    const log: string[] = [];
    await run(log);
    expect(log).toEqual(["prepare", "handle"]);
  });

  it("prepares nothing for a plain answer", async () => {
    mock.enqueue(plainAnswer("just text"));
    const log: string[] = [];
    await run(log);
    expect(log).toEqual([]);
  });
});
