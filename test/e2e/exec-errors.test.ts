// Bad input and misbehaving models: a clear error, the right exit code, nothing lost or sent.
import { beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  mockConfig,
  runCli,
  writeConfig,
  type Workspace,
  useMockWorkspace,
} from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const exec = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(["exec", ...args], { cwd: ws.work, home: ws.home, env });

describe("config errors: exit 1, the file, line and key named, no request made", () => {
  it("broken TOML", async () => {
    writeConfig(ws.home, 'model = "gpt-5.5"\nmodel_provider = \n');
    const r = await exec(["hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(ws.home, "config.toml")}:2:`);
    expect(mock.requests).toHaveLength(0);
  });

  it("a wrong type names the key and its line", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "bogus"'));
    const r = await exec(["hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config\.toml:3:1: /);
    expect(r.stderr).toContain("sandbox_mode");
    expect(mock.requests).toHaveLength(0);
  });

  it("an unknown provider", async () => {
    writeConfig(ws.home, 'model_provider = "nope"\n');
    const r = await exec(["hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nope");
    expect(mock.requests).toHaveLength(0);
  });

  it("a profile that does not exist", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const r = await exec(["--profile", "ghost", "hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ghost");
    expect(mock.requests).toHaveLength(0);
  });

  it("-c without =", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const r = await exec(["-c", "model", "hi"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("model");
    expect(r.stderr.toLowerCase()).toContain("=");
    expect(mock.requests).toHaveLength(0);
  });

  it("a missing API key is one line naming the variable and codex login", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const r = await exec(["hi"], { MOCK_API_KEY: undefined });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    const line = lines.find((l) => l.includes("MOCK_API_KEY"));
    expect(line).toBeDefined();
    expect(line).toContain("codex login");
    expect(mock.requests).toHaveLength(0);
  });

  it("the config file is never modified by a failed load", async () => {
    const text = "# my comment\nmodel = 42\n";
    writeConfig(ws.home, text);
    const r = await exec(["hi"]);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(ws.home, "config.toml"), "utf8")).toBe(text);
  });
});

describe("model failures", () => {
  beforeEach(() => writeConfig(ws.home, mockConfig(mock.url)));

  it("an unreachable base_url fails with a message naming the URL", async () => {
    writeConfig(ws.home, mockConfig("http://127.0.0.1:9/v1"));
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(1);
    const last = jsonLines(r.stdout).at(-1)!;
    expect(last.type).toBe("turn.failed");
    expect(JSON.stringify(last)).toContain("127.0.0.1:9");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a 500 is retried silently and the turn completes", async () => {
    mock.enqueue({ status: 500, body: "boom" }, plainAnswer("recovered"));
    const r = await exec(["hi"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("recovered\n");
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[1]!.rawBody).toBe(mock.requests[0]!.rawBody);
  });

  it("429 with retry-after reconnects, 429 without it fails the turn", async () => {
    mock.enqueue(
      { status: 429, headers: { "retry-after": "0" }, body: { error: { message: "slow down" } } },
      { status: 429, body: { error: { message: "slow down" } } },
    );
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines).toContainEqual({
      type: "error",
      message: "Reconnecting... 1/2 (exceeded retry limit, last status: 429 Too Many Requests)",
    });
    expect(lines.at(-1)).toEqual({
      type: "turn.failed",
      error: { message: "exceeded retry limit, last status: 429 Too Many Requests" },
    });
    expect(mock.requests).toHaveLength(2);
  });

  it("a dropped stream reconnects and completes", async () => {
    mock.enqueue(
      { sse: [sse.created("r1"), sse.message("partial")], dropAfter: 1 },
      plainAnswer("whole answer"),
    );
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(
      lines.some((l) => l.type === "error" && String(l.message).startsWith("Reconnecting... 1/2")),
    ).toBe(true);
    expect(
      lines
        .filter((l) => l.type === "item.completed")
        .map((l) => (l.item as { text: string }).text),
    ).toEqual(["whole answer"]);
  });

  it("an HTML page instead of SSE is reported, not a crash", async () => {
    const html = {
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<html><body>Gateway</body></html>",
    };
    mock.enqueue(html, html, html);
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(1);
    const last = jsonLines(r.stdout).at(-1)!;
    expect(last.type).toBe("turn.failed");
    expect(JSON.stringify(last)).toContain("text/html");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a malformed SSE line is retried and reported", async () => {
    const bad = { sse: [sse.created("r1"), sse.malformed()] };
    mock.enqueue(bad, plainAnswer("fine"));
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(0);
    expect(
      jsonLines(r.stdout).some(
        (l) => l.type === "error" && String(l.message).includes("Reconnecting"),
      ),
    ).toBe(true);
  });

  it("400 is fatal with the body as the message", async () => {
    mock.enqueue({
      status: 400,
      body: { error: { message: "bad request from mock", type: "invalid_request_error" } },
    });
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(1);
    expect(JSON.stringify(jsonLines(r.stdout).at(-1))).toContain("bad request from mock");
    expect(mock.requests).toHaveLength(1);
  });

  it("context window exceeded is fatal with Codex's message", async () => {
    mock.enqueue({ sse: [sse.created("r1"), sse.failed("context_length_exceeded", "too long")] });
    const r = await exec(["--json", "hi"]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).at(-1)).toEqual({
      type: "turn.failed",
      error: {
        message:
          "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.",
      },
    });
  });
});

describe("interrupt and usage errors", () => {
  beforeEach(() => writeConfig(ws.home, mockConfig(mock.url)));

  it("Ctrl-C interrupts the turn and exits 130", async () => {
    mock.enqueue({ hang: true });
    const r = await runCli(["exec", "--json", "hi"], {
      cwd: ws.work,
      home: ws.home,
      onSpawn: (child) => {
        void mock.waitForRequests(1).then(() => child.kill("SIGINT"));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unknown flag exits 2", async () => {
    const r = await exec(["--no-such-flag", "hi"]);
    expect(r.code).toBe(2);
  });
});
