// MCP servers asking the user (`elicitation/create`), through the core: the request becomes an
// `elicitation_request` event, Op::ResolveElicitation answers it, and the server's tool sees the
// answer. Where nobody can answer, or the form cannot be shown, the server gets a decline with a
// reason at once; a turn that ends cancels what is still open. Real stdio server, mock model.
import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../src/protocol/index.js";
import { eventsUntil } from "../core/session-harness.js";
import { jsonLines, mockConfig, runCli, writeConfig, type Workspace } from "../harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  fixture,
  nodeServer,
  outputFor,
  startMcpConversation,
  useMcpWorkspace,
  type McpSession,
} from "./mcp-harness.js";

let mock: MockServer;
let ws: Workspace;
useMcpWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const SERVER = nodeServer("elic", fixture("elicit-server.mjs"));
const call = (tool: string, id = "c") => ({
  sse: [sse.created("r"), ...sse.functionCall(id, `elic__${tool}`, "{}"), sse.completed("r")],
});
type ElicitationEvent = Extract<EventMsg, { type: "elicitation_request" }>;

function start(policy: "ask" | "decline"): Promise<McpSession> {
  return startMcpConversation(ws, mock.url, SERVER, { elicitationPolicy: policy });
}

async function askAndAnswer(
  session: McpSession,
  answer: (ev: ElicitationEvent) => void,
): Promise<ElicitationEvent> {
  session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  const seen = await eventsUntil(session.conversation, (m) => m.type === "elicitation_request");
  const ev = seen.at(-1)!.msg as ElicitationEvent;
  answer(ev);
  await eventsUntil(session.conversation, (m) => m.type === "task_complete");
  return ev;
}

const result = (index = 1, id = "c") =>
  JSON.parse(
    (JSON.parse(outputFor(mock, index, id) as string) as { text: string }[])[0]!.text,
  ) as unknown;

describe("elicitation", () => {
  it("a form reaches the user as an event; the accepted content goes back to the server", async () => {
    mock.enqueue(call("ask_form"), plainAnswer("ok"));
    const session = await start("ask");
    const ev = await askAndAnswer(session, (e) =>
      session.conversation.submit({
        type: "resolve_elicitation",
        server_name: e.server_name,
        request_id: e.id,
        decision: "accept",
        content: { name: "Ada", age: 36, color: "green" },
      }),
    );
    expect(ev).toMatchObject({
      server_name: "elic",
      request: {
        mode: "form",
        message: "Tell me about you",
        requested_schema: { type: "object", required: ["name", "age"] },
      },
    });
    expect(ev.turn_id).toBeDefined();
    expect(result()).toEqual({
      action: "accept",
      content: { name: "Ada", age: 36, color: "green" },
    });
  });

  it("the call's tool_timeout_sec does not run while the user is answering", async () => {
    mock.enqueue(call("ask_url"), plainAnswer("ok"));
    const session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("elic", fixture("elicit-server.mjs"), [], "tool_timeout_sec = 2"),
      { elicitationPolicy: "ask" },
    );
    await askAndAnswer(session, (e) => {
      // A user slower than the call's timeout.
      setTimeout(
        () =>
          session.conversation.submit({
            type: "resolve_elicitation",
            server_name: e.server_name,
            request_id: e.id,
            decision: "accept",
          }),
        3500,
      );
    });
    expect(result()).toEqual({ action: "accept" });
  });

  it("an answer that breaks the schema is declined with the reason", async () => {
    mock.enqueue(call("ask_form"), plainAnswer("ok"));
    const session = await start("ask");
    await askAndAnswer(session, (e) =>
      session.conversation.submit({
        type: "resolve_elicitation",
        server_name: e.server_name,
        request_id: e.id,
        decision: "accept",
        content: { name: "Ada", age: 200 },
      }),
    );
    expect(result()).toEqual({
      action: "decline",
      _meta: {
        "codex/reason": "the answer did not match the requested schema: Age must be at most 150",
      },
    });
  });

  it("a URL request: the user's decline and cancel reach the server as they are", async () => {
    mock.enqueue(call("ask_url"), plainAnswer("ok"), call("ask_url", "c2"), plainAnswer("ok"));
    const session = await start("ask");
    const ev = await askAndAnswer(session, (e) =>
      session.conversation.submit({
        type: "resolve_elicitation",
        server_name: e.server_name,
        request_id: e.id,
        decision: "decline",
      }),
    );
    expect(ev.request).toEqual({
      mode: "url",
      message: "Connect your account",
      url: "https://example.com/connect?session=abc",
      elicitation_id: "elicit-1",
    });
    expect(result(1)).toEqual({ action: "decline" });
    await askAndAnswer(session, (e) =>
      session.conversation.submit({
        type: "resolve_elicitation",
        server_name: e.server_name,
        request_id: e.id,
        decision: "cancel",
      }),
    );
    expect(result(3, "c2")).toEqual({ action: "cancel" });
  });

  it("an interrupted turn cancels the open question; the server is not left waiting", async () => {
    mock.enqueue(call("ask_form"), plainAnswer("ok"));
    const session = await start("ask");
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(session.conversation, (m) => m.type === "elicitation_request");
    session.conversation.submit({ type: "interrupt" });
    await eventsUntil(session.conversation, (m) => m.type === "turn_aborted");
    // The next turn works: the server got its answer (cancel) and is free again.
    mock.enqueue(plainAnswer("still here"));
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "again" }] });
    const after = await eventsUntil(session.conversation, (m) => m.type === "task_complete");
    expect(after.some((e) => e.msg.type === "agent_message")).toBe(true);
  });

  it("with nobody to answer (exec, mcp-server) the server is declined at once, with a reason", async () => {
    mock.enqueue(call("ask_form"), plainAnswer("ok"));
    const session = await start("decline");
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(session.conversation, (m) => m.type === "task_complete");
    expect(seen.some((e) => e.msg.type === "elicitation_request")).toBe(false);
    expect(result()).toEqual({
      action: "decline",
      _meta: { "codex/reason": "no user is attached to this Codex session to answer" },
    });
  });

  it("a schema no form can show never reaches the user and never hangs the turn", async () => {
    mock.enqueue(call("ask_nested"), plainAnswer("ok"));
    const session = await start("ask");
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(session.conversation, (m) => m.type === "task_complete");
    expect(seen.some((e) => e.msg.type === "elicitation_request")).toBe(false);
    const text = (JSON.parse(outputFor(mock, 1, "c") as string) as { text: string }[])[0]!.text;
    // Refused by the SDK's request validation or declined by ours; either way with the reason.
    expect(text).toMatch(/address/);
  });

  it("codex exec declines, and the run goes on to its answer", async () => {
    writeConfig(ws.home, mockConfig(mock.url) + SERVER);
    mock.enqueue(call("ask_form"), plainAnswer("The server was told no."));
    const r = await runCli(["exec", "--json", "Ask me."], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(result()).toEqual({
      action: "decline",
      _meta: { "codex/reason": "no user is attached to this Codex session to answer" },
    });
    const done = jsonLines(r.stdout).filter((l) => l.type === "item.completed");
    expect(done.at(-1)?.item).toMatchObject({
      type: "agent_message",
      text: "The server was told no.",
    });
  });

  it("codex exec answers a form from elicitation_answers when they satisfy it, else declines why", async () => {
    writeConfig(
      ws.home,
      mockConfig(mock.url) +
        nodeServer(
          "elic",
          fixture("elicit-server.mjs"),
          [],
          'elicitation_answers = { name = "Ada", age = 36, unrelated = "x" }',
        ),
    );
    mock.enqueue(call("ask_form"), plainAnswer("answered"));
    expect((await runCli(["exec", "go"], { cwd: ws.work, home: ws.home })).code).toBe(0);
    expect(result()).toEqual({ action: "accept", content: { name: "Ada", age: 36 } });

    writeConfig(
      ws.home,
      mockConfig(mock.url) +
        nodeServer(
          "elic",
          fixture("elicit-server.mjs"),
          [],
          'elicitation_answers = { name = "Ada" }',
        ),
    );
    mock.enqueue(call("ask_form", "c2"), plainAnswer("declined"));
    expect((await runCli(["exec", "go"], { cwd: ws.work, home: ws.home })).code).toBe(0);
    expect(result(3, "c2")).toEqual({
      action: "decline",
      _meta: {
        "codex/reason":
          "elicitation_answers of [mcp_servers.elic] do not answer this form: Age is required",
      },
    });
  });
});
