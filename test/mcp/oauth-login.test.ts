// `codex mcp login/logout/list` as real processes against a real OAuth-protected MCP server (the
// SDK's authorization-server router on 127.0.0.1). The browser is a small script ($BROWSER) that
// follows the authorization redirects to our loopback callback, as a consenting user would.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { spawn } from "node:child_process";
import { CLI, makeWorkspace, runCli, type Workspace } from "../harness.js";
import { storeKey } from "../../src/mcp/client/oauth-store.js";
import { fixture } from "./mcp-harness.js";
import { startOAuthMcpServer, type OAuthMcpServer } from "./oauth-harness.js";
import { browserFinished, browserStatuses } from "./browser-log.js";

let ws: Workspace;
let server: OAuthMcpServer;
let browserLog: string;
beforeEach(async () => {
  ws = makeWorkspace({ git: false });
  server = await startOAuthMcpServer();
  browserLog = path.join(ws.work, "browser.log");
  writeConfig(`[mcp_servers.remote]\nurl = "${server.url}"\n`);
});
afterEach(async () => {
  await browserFinished(browserLog);
  await server.close();
  ws.cleanup();
});

function writeConfig(text: string): void {
  writeFileSync(path.join(ws.home, "config.toml"), text);
}

const credentials = () => path.join(ws.home, ".credentials.json");

function codex(args: string[], browserMode = "follow") {
  return runCli(["mcp", ...args], {
    cwd: ws.work,
    home: ws.home,
    env: { BROWSER: `${process.execPath} ${fixture("browser.mjs")} ${browserMode} ${browserLog}` },
  });
}

const statuses = () => browserStatuses(browserLog);

describe("codex mcp login", () => {
  it("discovers, registers, authorizes with PKCE and stores the tokens 0600 in Codex's format", async () => {
    const before = await codex(["list"]);
    expect(before.stdout).toMatch(
      /remote\s+http:\/\/127\.0\.0\.1:\d+\/mcp\s+-\s+enabled\s+Not logged in/,
    );

    const login = await codex(["login", "remote", "--scopes", "read,write"]);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    expect(login.stdout).toContain("Authorize `remote` by opening this URL in your browser:\n");
    expect(login.stdout).toContain("code_challenge_method=S256");
    expect(login.stdout).toMatch(/Successfully logged in to MCP server 'remote'\.\n$/);
    expect(await statuses()).toEqual(["200"]);
    expect(server.auth.registrations).toBe(1);

    expect(statSync(credentials()).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(credentials(), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    const entry = file[storeKey("remote", server.url)]!;
    expect(entry).toMatchObject({
      server_name: "remote",
      server_url: server.url,
      client_id: expect.stringMatching(/^client-/),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      scopes: ["read", "write"],
    });
    expect(entry.expires_at).toBeGreaterThan(Date.now());
    // The authorization server it came from, so a refresh goes nowhere else.
    expect(entry.issuer).toBe(new URL(server.url).origin + "/");
    // No secret on the terminal.
    expect(login.stdout).not.toContain(entry.access_token as string);
    expect(login.stdout).not.toContain(entry.refresh_token as string);

    const list = await codex(["list"]);
    expect(list.stdout).toMatch(/remote\s+http:\S+\s+-\s+enabled\s+OAuth/);
    const json = JSON.parse((await codex(["list", "--json"])).stdout) as { auth_status: string }[];
    expect(json[0]?.auth_status).toBe("o_auth");

    const logout = await codex(["logout", "remote"]);
    expect(logout).toMatchObject({ code: 0, stdout: "Removed OAuth credentials for 'remote'.\n" });
    expect(existsSync(credentials())).toBe(false);
    expect((await codex(["logout", "remote"])).stdout).toBe(
      "No OAuth credentials stored for 'remote'.\n",
    );
  });

  it("--no-browser prints the URL and takes the callback URL pasted on stdin", async () => {
    const child = spawn(process.execPath, [CLI, "mcp", "login", "remote", "--no-browser"], {
      cwd: ws.work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CODEX_HOME: ws.home },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    // Never leave the login waiting if an expectation below fails.
    onTestFinished(() => void child.kill());
    const authUrl = await new Promise<string>((resolve) =>
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(stdout);
        if (m && stdout.includes("paste")) resolve(m[1]!);
      }),
    );
    // The user's browser, elsewhere: it consents and lands on a callback URL it cannot open.
    const consent = await fetch(authUrl, { redirect: "manual" });
    child.stdin.write(`${consent.headers.get("location")}\n`);
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("Successfully logged in to MCP server 'remote'.");
    expect(existsSync(credentials())).toBe(true);
  });

  it("codex mcp add says whether a login is needed, as Codex does", async () => {
    expect(await codex(["add", "second", "--url", server.url])).toMatchObject({
      code: 0,
      stdout:
        "Added global MCP server 'second'.\nMCP server supports login. Run `codex mcp login second` to login.\n",
    });
    expect(await codex(["add", "dead", "--url", "http://127.0.0.1:1/mcp"])).toMatchObject({
      code: 0,
      stdout:
        "Added global MCP server 'dead'.\nMCP server may or may not require login. Run `codex mcp login dead` to login.\n",
    });
  });

  it("a denied consent fails clearly and stores nothing", async () => {
    server.auth.deny = true;
    const r = await codex(["login", "remote"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: authorization for `remote` was denied (the user said no)\n");
    expect(existsSync(credentials())).toBe(false);
  });

  it("a callback with the wrong state is refused and the login fails", async () => {
    const r = await codex(["login", "remote"], "tamper");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("carried the wrong state");
    expect(r.stderr).toContain("run `codex mcp login remote` again");
    expect(await statuses()).toEqual(["400"]);
    expect(existsSync(credentials())).toBe(false);
  });

  it("a replayed callback is refused; the one login stands", async () => {
    const r = await codex(["login", "remote"], "replay");
    expect(r.code).toBe(0);
    const [first, second] = await statuses();
    expect(first).toBe("200");
    // Refused while the callback still listens, or nobody listens any more.
    expect(second === "400" || second?.startsWith("error")).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(credentials(), "utf8")) as object)).toHaveLength(1);
  });

  it("an unreachable server, a busy callback port and stdio servers are clear errors", async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const busyPort = (busy.address() as AddressInfo).port;
    try {
      const servers = `[mcp_servers.remote]\nurl = "${server.url}"\n[mcp_servers.down]\nurl = "http://127.0.0.1:${deadPort}/mcp"\n[mcp_servers.local]\ncommand = "true"\n`;
      writeConfig(servers);
      const down = await codex(["login", "down"]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(
        /^Error: cannot log in to `down`: the server or its authorization server is unreachable \(ECONNREFUSED\)/,
      );
      writeConfig(`mcp_oauth_callback_port = ${busyPort}\n${servers}`);
      const port = await codex(["login", "remote"]);
      expect(port.code).toBe(1);
      expect(port.stderr).toBe(
        `Error: cannot log in to \`remote\`: the OAuth callback port 127.0.0.1:${busyPort} is already in use; stop whatever holds it or change \`mcp_oauth_callback_port\`\n`,
      );
      expect(await codex(["login", "local"])).toMatchObject({
        code: 1,
        stderr: "Error: OAuth login is only supported for streamable HTTP servers.\n",
      });
      expect(await codex(["login", "nope"])).toMatchObject({
        code: 1,
        stderr: "Error: No MCP server named 'nope' found.\n",
      });
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it("a token file others can read is refused, never used; keyring mode says it is unavailable", async () => {
    expect((await codex(["login", "remote"])).code).toBe(0);
    const before = readFileSync(credentials(), "utf8");
    chmodSync(credentials(), 0o644);
    const r = await codex(["logout", "remote"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: refusing to use ${credentials()}: its permissions are 0644, but it holds OAuth tokens and must be readable by you only (run \`chmod 600 ${credentials()}\`)\n`,
    );
    expect(readFileSync(credentials(), "utf8")).toBe(before);

    chmodSync(credentials(), 0o600);
    const keyring = await codex([
      "logout",
      "remote",
      "-c",
      'mcp_oauth_credentials_store="keyring"',
    ]);
    expect(keyring.code).toBe(1);
    expect(keyring.stderr).toContain(
      'mcp_oauth_credentials_store = "keyring" but no OS keyring is available',
    );
    expect(readFileSync(credentials(), "utf8")).toBe(before);
  });
});
