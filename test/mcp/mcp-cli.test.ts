// `codex mcp add|list|get|remove` as a real process: output shapes and exit codes as Codex's, and
// edits that keep every other byte of config.toml.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorkspace, runCli, type Workspace } from "../harness.js";

let ws: Workspace;
beforeEach(() => {
  ws = makeWorkspace({ git: false });
});
afterEach(() => ws.cleanup());

const codex = (...args: string[]) => runCli(["mcp", ...args], { cwd: ws.work, home: ws.home });
const configFile = () => path.join(ws.home, "config.toml");
const config = () => readFileSync(configFile(), "utf8");

describe("codex mcp add/list/get/remove", () => {
  it("reproduces Codex's session: files, messages and exit codes", async () => {
    expect(await codex("list")).toMatchObject({
      code: 0,
      stdout: "No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n",
    });
    expect((await codex("list", "--json")).stdout).toBe("[]\n");

    const added = await codex(
      "add",
      "docs",
      "--",
      "npx",
      "-y",
      "some-mcp-server",
      "--flag",
      "value",
    );
    expect(added).toMatchObject({ code: 0, stdout: "Added global MCP server 'docs'.\n" });
    expect(config()).toBe(
      `[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "some-mcp-server", "--flag", "value"]\n`,
    );
    await codex(
      "add",
      "envsrv",
      "--env",
      "API_KEY=abc123",
      "--env",
      "OTHER=x",
      "--",
      "/usr/bin/node",
      "server.js",
    );
    await codex(
      "add",
      "remote",
      "--url",
      "https://127.0.0.1:8443/mcp",
      "--bearer-token-env-var",
      "MY_TOKEN",
    );
    await codex("add", "remote2", "--url", "http://127.0.0.1:9999/mcp");
    await codex("add", "docs", "--", "other-command");
    expect(config()).toBe(`[mcp_servers.docs]
command = "other-command"

[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"
OTHER = "x"

[mcp_servers.remote]
url = "https://127.0.0.1:8443/mcp"
bearer_token_env_var = "MY_TOKEN"

[mcp_servers.remote2]
url = "http://127.0.0.1:9999/mcp"
`);

    expect((await codex("list")).stdout).toBe(
      [
        "Name    Command        Args       Env                         Cwd  Status   Auth       ",
        "docs    other-command  -          -                           -    enabled  Unsupported",
        "envsrv  /usr/bin/node  server.js  API_KEY=*****, OTHER=*****  -    enabled  Unsupported",
        "",
        "Name     Url                         Bearer Token Env Var  Status   Auth        ",
        "remote   https://127.0.0.1:8443/mcp  MY_TOKEN              enabled  Bearer token",
        "remote2  http://127.0.0.1:9999/mcp   -                     enabled  Unknown     ",
        "",
      ].join("\n"),
    );
    const listed = JSON.parse((await codex("list", "--json")).stdout) as Record<string, unknown>[];
    expect(listed.map((s) => s.name)).toEqual(["docs", "envsrv", "remote", "remote2"]);
    expect(listed[1]).toEqual({
      name: "envsrv",
      enabled: true,
      disabled_reason: null,
      transport: {
        type: "stdio",
        command: "/usr/bin/node",
        args: ["server.js"],
        env: { API_KEY: "abc123", OTHER: "x" },
        env_vars: [],
        cwd: null,
      },
      startup_timeout_sec: null,
      tool_timeout_sec: null,
      auth_status: "unsupported",
    });
    expect(listed[2]).toMatchObject({
      transport: { type: "streamable_http", bearer_token_env_var: "MY_TOKEN", http_headers: null },
      auth_status: "bearer_token",
    });

    expect((await codex("get", "envsrv")).stdout).toBe(
      "envsrv\n  enabled: true\n  transport: stdio\n  command: /usr/bin/node\n  args: server.js\n  cwd: -\n  env: API_KEY=*****, OTHER=*****\n  remove: codex mcp remove envsrv\n",
    );
    expect((await codex("get", "remote")).stdout).toBe(
      "remote\n  enabled: true\n  transport: streamable_http\n  url: https://127.0.0.1:8443/mcp\n  bearer_token_env_var: MY_TOKEN\n  http_headers: -\n  env_http_headers: -\n  http_headers_helper: -\n  remove: codex mcp remove remote\n",
    );
    expect(JSON.parse((await codex("get", "docs", "--json")).stdout)).toEqual({
      name: "docs",
      enabled: true,
      disabled_reason: null,
      transport: {
        type: "stdio",
        command: "other-command",
        args: [],
        env: null,
        env_vars: [],
        cwd: null,
      },
      enabled_tools: null,
      disabled_tools: null,
      startup_timeout_sec: null,
      tool_timeout_sec: null,
    });
    expect(await codex("get", "missing")).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "Error: No MCP server named 'missing' found.\n",
    });

    expect(await codex("remove", "remote2")).toMatchObject({
      code: 0,
      stdout: "Removed global MCP server 'remote2'.\n",
    });
    expect(await codex("remove", "remote2")).toMatchObject({
      code: 0,
      stdout: "No MCP server named 'remote2' found.\n",
    });
    expect(config()).toBe(`[mcp_servers.docs]
command = "other-command"

[mcp_servers.envsrv]
command = "/usr/bin/node"
args = ["server.js"]

[mcp_servers.envsrv.env]
API_KEY = "abc123"
OTHER = "x"

[mcp_servers.remote]
url = "https://127.0.0.1:8443/mcp"
bearer_token_env_var = "MY_TOKEN"
`);
  });

  it("rejects bad input with Codex's messages and exit codes, writing nothing", async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ["add", "bad name!", "--", "echo", "hi"],
        1,
        /^Error: invalid server name 'bad name!' \(use letters, numbers, '-', '_', ':', '@', '\/', '\.'\)\n$/,
      ],
      [
        ["add", "nocmd"],
        2,
        /the following required arguments were not provided:\n {2}<COMMAND\|--url <URL>>/,
      ],
      [
        ["add", "both", "--url", "http://127.0.0.1:1/mcp", "--", "echo", "hi"],
        2,
        /'--url <URL>' cannot be used with '\[COMMAND\]\.\.\.'/,
      ],
      [
        ["add", "envhttp", "--url", "http://127.0.0.1:1/mcp", "--env", "A=B"],
        1,
        /^Error: command is required\n$/,
      ],
      [
        ["add", "tok", "--bearer-token-env-var", "T", "--", "echo", "hi"],
        2,
        /required argument was not provided: url/,
      ],
      [
        ["add", "x", "--env", "NOEQUALS", "--", "echo"],
        2,
        /environment entries must be in KEY=VALUE form/,
      ],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await codex(...args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.stderr).toMatch(stderr);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(configFile())).toBe(false);
  });

  it("keeps every other byte of a hand-written config, comments and CRLF included", async () => {
    const original = [
      "# My codex setup\r\n",
      'model = "gpt-5.5" # default model\r\n',
      "\r\n",
      "[mcp_servers.keep] # stays\r\n",
      'command = "node"\r\n',
      "args = [\r\n",
      '  "x.js", # inline comment\r\n',
      "]\r\n",
      "\r\n",
      "# trust settings\r\n",
      '[projects."/home/me/[weird] repo"]\r\n',
      'trust_level = "trusted"\r\n',
      'notes = """\r\n',
      "[mcp_servers.fake]\r\n",
      '"""\r\n',
    ].join("");
    writeFileSync(configFile(), original);
    await codex("add", "new", "--", "echo", "hi");
    const added = original.replace(
      "]\r\n\r\n# trust",
      ']\r\n\r\n[mcp_servers.new]\r\ncommand = "echo"\r\nargs = ["hi"]\r\n\r\n# trust',
    );
    expect(config()).toBe(added);
    expect((await codex("list")).stdout).toContain("new   echo");
    await codex("add", "new", "--url", "http://127.0.0.1:1/mcp");
    expect(config()).toBe(
      original.replace(
        "]\r\n\r\n# trust",
        ']\r\n\r\n[mcp_servers.new]\r\nurl = "http://127.0.0.1:1/mcp"\r\n\r\n# trust',
      ),
    );
    await codex("remove", "new");
    expect(config()).toBe(original);
    expect((await codex("remove", "fake")).stdout).toBe("No MCP server named 'fake' found.\n");
    expect(config()).toBe(original);
  });

  it("list and get show hand-written keys, and list never starts a server", async () => {
    const marker = path.join(ws.root, "started");
    writeFileSync(
      configFile(),
      `[mcp_servers.handwritten]
command = ${JSON.stringify(process.execPath)}
args = ["-e", ${JSON.stringify(`require("fs").writeFileSync(${JSON.stringify(marker)}, "")`)}]
env_vars = ["HOME", "PATH"]
cwd = "/tmp"
enabled = false
startup_timeout_sec = 5
tool_timeout_sec = 30
enabled_tools = ["a", "b"]
disabled_tools = ["c"]

[mcp_servers.handwritten_http]
url = "http://127.0.0.1:1/mcp"
http_headers = { "X-Static" = "v" }
env_http_headers = { "X-From-Env" = "SOME_ENV" }
startup_timeout_ms = 2500
`,
    );
    const list = await codex("list");
    expect(list.stdout).toContain("HOME=*****, PATH=*****  /tmp  disabled  Unsupported");
    expect(list.stdout).toContain(
      "handwritten_http  http://127.0.0.1:1/mcp  -                     enabled  Unknown",
    );
    const json = (await codex("list", "--json")).stdout;
    expect(json).toContain('"startup_timeout_sec": 5.0,');
    expect(json).toContain('"tool_timeout_sec": 30.0,');
    expect(json).toContain('"startup_timeout_sec": 2.5,');
    expect((await codex("get", "handwritten")).stdout).toBe("handwritten (disabled)\n");
    expect(JSON.parse((await codex("get", "handwritten", "--json")).stdout)).toMatchObject({
      enabled: false,
      enabled_tools: ["a", "b"],
      disabled_tools: ["c"],
      transport: { env_vars: ["HOME", "PATH"], cwd: "/tmp" },
    });
    expect((await codex("get", "handwritten_http")).stdout).toBe(
      "handwritten_http\n  enabled: true\n  transport: streamable_http\n  url: http://127.0.0.1:1/mcp\n  bearer_token_env_var: -\n  http_headers: X-Static=*****\n  env_http_headers: X-From-Env=SOME_ENV\n  http_headers_helper: -\n  startup_timeout_sec: 2.5\n  remove: codex mcp remove handwritten_http\n",
    );
    expect(existsSync(marker)).toBe(false);
  });

  it("login to a server that cannot be reached says so; logout of a stdio server is refused", async () => {
    await codex("add", "remote", "--url", "http://127.0.0.1:1/mcp");
    const r = await codex("login", "remote", "--no-browser");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: cannot log in to `remote`: the server or its authorization server is unreachable/,
    );
    await codex("add", "local", "--", "true");
    expect(await codex("logout", "local")).toMatchObject({
      code: 1,
      stderr: "Error: OAuth login is only supported for streamable HTTP servers.\n",
    });
  });
});
