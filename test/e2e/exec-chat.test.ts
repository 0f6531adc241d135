// Chat Completions providers (Ollama, vLLM, LM Studio, OpenRouter …) through `codex exec`.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chatAnswer, chatSse, chatStream, type MockServer } from "../mock-server/index.js";
import { useMockWorkspace, mockConfig, runCli, writeConfig, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

describe("wire_api = chat", () => {
  it("streams an answer from /chat/completions with the instructions as the system message", async () => {
    writeConfig(ws.home, mockConfig(mock.url, "", { wireApi: "chat", model: "llama3.1" }));
    mock.enqueue(chatAnswer("Hello from chat."));
    const r = await runCli(["exec", "hi"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Hello from chat.\n");
    const req = mock.requests[0]!;
    expect(req.path).toBe("/v1/chat/completions");
    const messages = req.body!.messages as Array<{ role: string; content: unknown }>;
    expect(messages[0]!.role).toBe("system");
    expect(JSON.stringify(messages.at(-1))).toContain("hi");
    expect(req.body!.stream).toBe(true);
  });

  it("assembles streamed tool-call deltas into a call, runs it, and sends the result back", async () => {
    writeConfig(
      ws.home,
      mockConfig(mock.url, 'sandbox_mode = "workspace-write"', {
        wireApi: "chat",
        model: "llama3.1",
      }),
    );
    const args = JSON.stringify({
      command: ["bash", "-lc", "echo from-chat > chat.txt && cat chat.txt"],
    });
    mock.enqueue(
      chatStream(
        chatSse.role(),
        chatSse.toolCall({ index: 0, id: "call_chat_1", name: "shell", args: args.slice(0, 10) }),
        chatSse.toolCall({ index: 0, args: args.slice(10) }),
        chatSse.finish("tool_calls"),
        chatSse.done(),
      ),
      chatAnswer("done"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(ws.work, "chat.txt"), "utf8")).toBe("from-chat\n");
    const messages = mock.requests[1]!.body!.messages as Array<{
      role: string;
      content?: string;
      tool_call_id?: string;
      tool_calls?: unknown[];
    }>;
    const assistant = messages.find((m) => m.role === "assistant" && m.tool_calls)!;
    expect(assistant.tool_calls).toHaveLength(1);
    const tool = messages.find((m) => m.role === "tool")!;
    expect(tool.tool_call_id).toBe("call_chat_1");
    const parsed = JSON.parse(tool.content!) as { output: string; metadata: { exit_code: number } };
    expect(parsed.metadata.exit_code).toBe(0);
    expect(parsed.output).toContain("from-chat");
    // The tool list offered over chat uses the seed-era shell tool for this model family.
    const tools = mock.requests[0]!.body!.tools as Array<{ function: { name: string } }>;
    expect(tools.map((t) => t.function.name)).toContain("shell");
  });
});
