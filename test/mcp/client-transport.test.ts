// Transport details: the environment and cwd a stdio server gets, and streamable HTTP servers with
// static, environment-sourced and bearer-token headers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { MCP_ENV_ALLOWLIST } from "../../src/mcp/index.js";
import type { EventMsg } from "../../src/protocol/index.js";
import { type Workspace } from "../harness.js";
import { eventsUntil } from "../core/session-harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  fixture,
  nodeServer,
  outputFor,
  startMcpConversation,
  useMcpWorkspace,
  toolNames,
  toolSpec,
  type McpSession,
} from "./mcp-harness.js";

let mock: MockServer;
let ws: Workspace;
let session: McpSession | null = null;

useMcpWorkspace((m, w) => {
  mock = m;
  ws = w;
  session = null;
});

const TEST_SERVER = fixture("test-server.mjs");
const callTurn = (...calls: [string, string, unknown][]) => ({
  sse: [
    sse.created("r"),
    ...calls.flatMap(([id, name, args]) => sse.functionCall(id, name, JSON.stringify(args))),
    sse.completed("r"),
  ],
});

async function turn(s: McpSession): Promise<EventMsg[]> {
  s.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  return (await eventsUntil(s.conversation, (m) => m.type === "task_complete")).map((e) => e.msg);
}

describe("stdio servers", () => {
  it("get only the allowlisted environment plus env_vars and env; secrets stay out", async () => {
    mock.enqueue(callTurn(["e1", "t__env", {}]), plainAnswer("ok"));
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer(
        "t",
        TEST_SERVER,
        [],
        `env_vars = ["CODEX_TEST_PASS_ME"]\nenv = { EXPLICIT = "yes" }`,
      ),
      {
        env: {
          CODEX_TEST_SECRET_TOKEN: "s3cr3t-token",
          OPENAI_API_KEY: "sk-should-not-leak",
          CODEX_TEST_PASS_ME: "passed",
          LANG: "C.UTF-8",
        },
      },
    );
    await turn(session);
    const { env } = JSON.parse(String(outputFor(mock, 1, "e1"))) as { env: Record<string, string> };
    expect(env.EXPLICIT).toBe("yes");
    expect(env.CODEX_TEST_PASS_ME).toBe("passed");
    expect(env.LANG).toBe("C.UTF-8");
    expect(env.PATH).toBe(process.env.PATH);
    const allowed = new Set([...MCP_ENV_ALLOWLIST, "EXPLICIT", "CODEX_TEST_PASS_ME"]);
    expect(Object.keys(env).filter((k) => !allowed.has(k))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain("s3cr3t-token");
    expect(JSON.stringify(env)).not.toContain("sk-should-not-leak");
  });

  it("run in the session's directory, or in `cwd` when set", async () => {
    const elsewhere = path.join(ws.root, "elsewhere");
    mkdirSync(elsewhere);
    mock.enqueue(callTurn(["a", "here__cwd", {}], ["b", "there__cwd", {}]), plainAnswer("ok"));
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("here", TEST_SERVER) +
        nodeServer("there", TEST_SERVER, [], `cwd = ${JSON.stringify(elsewhere)}`),
    );
    await turn(session);
    const text = (id: string) =>
      (JSON.parse(String(outputFor(mock, 1, id))) as { text: string }[])[0]!.text;
    expect(realpathSync(text("a"))).toBe(realpathSync(ws.work));
    expect(realpathSync(text("b"))).toBe(realpathSync(elsewhere));
  });

  it("offers schemas the API accepts even when the server's is loose", async () => {
    mock.enqueue(plainAnswer("ok"));
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER));
    await turn(session);
    const names = toolNames(mock, 0);
    expect(names).toContain("t__loose_schema"); // "loose.schema" sanitised
    expect(toolSpec(mock, 0, "t__loose_schema")?.parameters).toEqual({
      type: "object",
      properties: { tags: { type: "array", items: {} } },
    });
  });
});

interface HttpProbe {
  url: string;
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A streamable HTTP MCP server (stateless) with one tool that reports a request header. */
async function startHttpMcpServer(opts: { requireBearer?: string } = {}): Promise<HttpProbe> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    if (opts.requireBearer && req.headers.authorization !== `Bearer ${opts.requireBearer}`) {
      res.writeHead(401, { "content-type": "text/plain" }).end("unauthorized");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const mcp = new McpServer({ name: "http-test", version: "1.0.0" });
        mcp.registerTool("whoami", { description: "Report the x-team header." }, async () => ({
          content: [{ type: "text", text: `team=${String(req.headers["x-team"])}` }],
        }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on("close", () => void transport.close().then(() => mcp.close()));
        await mcp.connect(transport);
        const raw = Buffer.concat(chunks).toString("utf8");
        await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    headers,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe("streamable HTTP servers", () => {
  let probe: HttpProbe | null = null;
  afterEach(async () => {
    await probe?.close();
    probe = null;
  });

  it("send http_headers, env_http_headers and the bearer token", async () => {
    probe = await startHttpMcpServer({ requireBearer: "tok-123" });
    mock.enqueue(callTurn(["w", "remote__whoami", {}]), plainAnswer("ok"));
    session = await startMcpConversation(
      ws,
      mock.url,
      `
[mcp_servers.remote]
url = "${probe.url}"
bearer_token_env_var = "CODEX_TEST_MCP_TOKEN"
http_headers = { "X-Static" = "static-value" }
env_http_headers = { "X-Team" = "CODEX_TEST_TEAM" }
`,
      { env: { CODEX_TEST_MCP_TOKEN: "tok-123", CODEX_TEST_TEAM: "blue" } },
    );
    await turn(session);
    expect(outputFor(mock, 1, "w")).toBe(JSON.stringify([{ type: "text", text: "team=blue" }]));
    const first = probe.headers[0]!;
    expect(first.authorization).toBe("Bearer tok-123");
    expect(first["x-static"]).toBe("static-value");
  });

  it("a 401 is reported with the login hint", async () => {
    probe = await startHttpMcpServer({ requireBearer: "right" });
    mock.enqueue(plainAnswer("ok"));
    session = await startMcpConversation(
      ws,
      mock.url,
      `\n[mcp_servers.remote]\nurl = "${probe.url}"\n`,
    );
    const msgs = await turn(session);
    expect(msgs.filter((m) => m.type === "error")).toEqual([
      {
        type: "error",
        message: "The remote MCP server is not logged in. Run `codex mcp login remote`.",
      },
    ]);
  });

  it("a missing bearer token variable and a dead URL are reported; the session goes on", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    mock.enqueue(plainAnswer("ok"));
    session = await startMcpConversation(
      ws,
      mock.url,
      `
[mcp_servers.notoken]
url = "http://127.0.0.1:9/mcp"
bearer_token_env_var = "CODEX_TEST_UNSET_TOKEN"

[mcp_servers.dead]
url = "http://127.0.0.1:${deadPort}/mcp"
`,
      { env: { CODEX_TEST_UNSET_TOKEN: undefined } },
    );
    const msgs = await turn(session);
    const errors = msgs
      .filter((m) => m.type === "error")
      .map((m) => (m as { message: string }).message);
    expect(errors).toHaveLength(2);
    expect(errors).toContain(
      "MCP client for `notoken` failed to start: MCP startup failed: the environment variable `CODEX_TEST_UNSET_TOKEN` (bearer_token_env_var of MCP server `notoken`) is not set",
    );
    const dead = errors.find((e) => e.includes("`dead`"))!;
    expect(dead).toMatch(
      /^MCP client for `dead` failed to start: MCP startup failed: handshaking with MCP server failed: /,
    );
    expect(dead).toContain("ECONNREFUSED");
    expect(msgs.some((m) => m.type === "agent_message")).toBe(true);
  });
});
