// Sessions with a server that needs OAuth: the stored login is used and refreshed (before it
// expires, and after a 401), a login that cannot be refreshed leaves the server "not logged in"
// with Codex's hint while the session goes on, and an unsafe token file is refused. The server is
// the real OAuth-protected MCP server of oauth-harness.ts; the login is the real flow.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { performOAuthLogin } from "../../src/mcp/client/oauth-login.js";
import { CredentialsStore, storeKey } from "../../src/mcp/client/oauth-store.js";
import type { EventMsg } from "../../src/protocol/index.js";
import { eventsUntil } from "../core/session-harness.js";
import type { Workspace } from "../harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  fixture,
  outputFor,
  startMcpConversation,
  useMcpWorkspace,
  type McpSession,
} from "./mcp-harness.js";
import { startOAuthMcpServer, type OAuthMcpServer } from "./oauth-harness.js";
import { browserFinished } from "./browser-log.js";

let mock: MockServer;
let ws: Workspace;
let server: OAuthMcpServer;
useMcpWorkspace((m, w) => {
  mock = m;
  ws = w;
});
beforeEach(async () => {
  server = await startOAuthMcpServer();
});
afterEach(async () => {
  await browserFinished(browserLog());
  await server.close();
});
const browserLog = () => path.join(ws.work, "b.log");

const toml = () => `\n[mcp_servers.remote]\nurl = "${server.url}"\n`;
const credentials = () => path.join(ws.home, ".credentials.json");
const stored = () =>
  (JSON.parse(readFileSync(credentials(), "utf8")) as Record<string, Record<string, unknown>>)[
    storeKey("remote", server.url)
  ]!;

/** The real login flow, the browser being the redirect-following script. */
async function login(): Promise<void> {
  await performOAuthLogin({
    name: "remote",
    url: server.url,
    store: new CredentialsStore(ws.home, "file"),
    env: {
      ...process.env,
      BROWSER: `${process.execPath} ${fixture("browser.mjs")} follow ${browserLog()}`,
    },
    out: { write: () => true },
  });
}

const whoamiTurn = {
  sse: [sse.created("r"), ...sse.functionCall("w", "remote__whoami", "{}"), sse.completed("r")],
};

async function turn(s: McpSession): Promise<EventMsg[]> {
  s.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  return (await eventsUntil(s.conversation, (m) => m.type === "task_complete")).map((e) => e.msg);
}

const errors = (msgs: EventMsg[]) =>
  msgs.filter((m) => m.type === "error").map((m) => (m as { message: string }).message);

describe("OAuth in sessions", () => {
  it("uses the stored login", async () => {
    await login();
    mock.enqueue(whoamiTurn, plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    expect(errors(await turn(session))).toEqual([]);
    const clientId = stored().client_id as string;
    expect(outputFor(mock, 1, "w")).toBe(
      JSON.stringify([{ type: "text", text: `client=${clientId}` }]),
    );
    expect(new Set(server.bearerTokens)).toEqual(new Set([stored().access_token]));
    expect(server.auth.refreshes).toBe(0);
  });

  it("refreshes a token about to expire before using it, and stores the new one", async () => {
    server.auth.accessTtlSec = 5; // inside the 30 s refresh margin from the start
    await login();
    const first = stored().access_token;
    mock.enqueue(whoamiTurn, plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    expect(errors(await turn(session))).toEqual([]);
    expect(server.auth.refreshes).toBeGreaterThanOrEqual(1);
    expect(stored().access_token).not.toBe(first);
    expect(server.bearerTokens).not.toContain(first);
    expect(JSON.stringify(session.logs)).not.toContain(stored().access_token as string);
  });

  it("a 401 on a revoked access token refreshes and retries", async () => {
    await login();
    const first = stored().access_token;
    server.revokeAccess();
    mock.enqueue(whoamiTurn, plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    expect(errors(await turn(session))).toEqual([]);
    expect(server.auth.refreshes).toBe(1);
    // The revoked token was turned away (401) before reaching the MCP endpoint.
    expect(server.bearerTokens).not.toContain(first);
    expect(stored().access_token).not.toBe(first);
    expect(stored().access_token).toBe(server.bearerTokens.at(-1));
    expect(outputFor(mock, 1, "w")).toContain("client=");
  });

  it("a login written by Codex (its fields only) is used and refreshed quietly", async () => {
    await login();
    const file = JSON.parse(readFileSync(credentials(), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    for (const entry of Object.values(file)) {
      delete entry.issuer;
      delete entry.token_type;
    }
    writeFileSync(credentials(), JSON.stringify(file), { mode: 0o600 });
    server.revokeAccess();
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      mock.enqueue(whoamiTurn, plainAnswer("ok"));
      const session = await startMcpConversation(ws, mock.url, toml());
      expect(errors(await turn(session))).toEqual([]);
    } finally {
      console.warn = warn;
    }
    expect(server.auth.refreshes).toBe(1);
    expect(warnings).toEqual([]);
  });

  it("an expired refresh token: not logged in with Codex's hint; the session goes on; nothing lost", async () => {
    await login();
    const before = readFileSync(credentials(), "utf8");
    server.revokeAll();
    mock.enqueue(plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    const msgs = await turn(session);
    expect(errors(msgs)).toEqual([
      "The remote MCP server is not logged in. Run `codex mcp login remote`.",
    ]);
    expect(msgs.some((m) => m.type === "agent_message")).toBe(true);
    expect(readFileSync(credentials(), "utf8")).toBe(before);
    session.conversation.submit({ type: "list_mcp_tools" });
    const listed = await eventsUntil(
      session.conversation,
      (m) => m.type === "mcp_list_tools_response",
    );
    expect(listed.at(-1)?.msg).toMatchObject({ auth_statuses: { remote: "not_logged_in" } });
  });

  it("without a login: Codex's hint, and no client registration is attempted", async () => {
    mock.enqueue(plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    expect(errors(await turn(session))).toEqual([
      "The remote MCP server is not logged in. Run `codex mcp login remote`.",
    ]);
    expect(server.auth.registrations).toBe(0);
  });

  it("a token file others can read is refused at start-up, naming the file", async () => {
    await login();
    chmodSync(credentials(), 0o640);
    mock.enqueue(plainAnswer("ok"));
    const session = await startMcpConversation(ws, mock.url, toml());
    expect(errors(await turn(session))).toEqual([
      `MCP client for \`remote\` failed to start: refusing to use ${credentials()}: its permissions are 0640, but it holds OAuth tokens and must be readable by you only (run \`chmod 600 ${credentials()}\`)`,
    ]);
    expect(server.bearerTokens).toEqual([]);
  });
});
