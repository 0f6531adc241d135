// MCP elicitations through `codex app-server` (a real process and our JSON-RPC client, every
// message checked against the reference schema): the server's form and URL requests reach the
// client as `mcpServer/elicitation/request`, its answers go back to the MCP server, and a request
// the client never answers is settled as cancel when the turn is interrupted.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { AppServerClient, type Message, useAppServerClients } from "../app-server/client.js";
import { fixture, nodeServer, outputFor } from "./mcp-harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);
const spawnServer = useAppServerClients();

const call = (tool: string, id = "c") => ({
  sse: [sse.created("r"), ...sse.functionCall(id, `elic__${tool}`, "{}"), sse.completed("r")],
});
const answerOf = (index: number, id = "c") =>
  JSON.parse(
    (JSON.parse(outputFor(mock, index, id) as string) as { text: string }[])[0]!.text,
  ) as unknown;

async function startThread(): Promise<{ c: AppServerClient; threadId: string }> {
  writeConfig(
    ws.home,
    mockConfig(mock.url, 'approval_policy = "never"') +
      nodeServer("elic", fixture("elicit-server.mjs")),
  );
  const c = spawnServer({ cwd: ws.work, home: ws.home });
  await c.initialize();
  const r = await c.call("thread/start", { cwd: ws.work });
  return { c, threadId: (r.thread as { id: string }).id };
}

async function turn(c: AppServerClient, threadId: string): Promise<string> {
  const r = await c.call("turn/start", {
    threadId,
    input: [{ type: "text", text: "ask me", text_elements: [] }],
  });
  return (r.turn as { id: string }).id;
}

const completed = (c: AppServerClient, threadId: string) =>
  c.notification("turn/completed", (p) => p.threadId === threadId);

describe("mcpServer/elicitation/request", () => {
  it("forwards a form and a URL request and returns the client's answers", async () => {
    mock.enqueue(
      call("ask_form"),
      plainAnswer("form done"),
      call("ask_url", "c2"),
      plainAnswer("url done"),
    );
    const { c, threadId } = await startThread();
    const asked: Message[] = [];
    c.onServerRequest = (m) => {
      if (m.method !== "mcpServer/elicitation/request") return undefined;
      asked.push(m);
      return m.params?.mode === "form"
        ? { action: "accept", content: { name: "Grace", age: 85 } }
        : { action: "accept", content: null, _meta: null };
    };
    const turnId = await turn(c, threadId);
    await completed(c, threadId);
    expect(asked[0]?.params).toMatchObject({
      threadId,
      turnId,
      serverName: "elic",
      mode: "form",
      message: "Tell me about you",
      requestedSchema: { type: "object", required: ["name", "age"] },
    });
    expect(answerOf(1)).toEqual({ action: "accept", content: { name: "Grace", age: 85 } });
    const resolved = c.messages.find((m) => m.method === "serverRequest/resolved");
    expect(resolved?.params).toEqual({ threadId, requestId: asked[0]?.id });

    const second = await turn(c, threadId);
    await c.notification(
      "turn/completed",
      (p) => (p.turn as { id: string } | undefined)?.id === second,
    );
    expect(asked[1]?.params).toMatchObject({
      threadId,
      serverName: "elic",
      mode: "url",
      message: "Connect your account",
      url: "https://example.com/connect?session=abc",
      elicitationId: "elicit-1",
    });
    expect(answerOf(3, "c2")).toEqual({ action: "accept" });
  });

  it("an unanswered request is cancelled when the turn is interrupted", async () => {
    mock.enqueue(call("ask_form"), plainAnswer("after the interrupt"));
    const { c, threadId } = await startThread();
    const turnId = await turn(c, threadId);
    const request = await c.waitFor((m) => m.method === "mcpServer/elicitation/request");
    await c.call("turn/interrupt", { threadId, turnId });
    const resolved = await c.notification(
      "serverRequest/resolved",
      (p) => p.requestId === request.id,
    );
    expect(resolved.params).toEqual({ threadId, requestId: request.id });
    await completed(c, threadId);
  });
});
