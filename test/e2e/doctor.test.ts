// `codex doctor`: a diagnostics report (human and --json) instead of a model turn.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MockServer } from "../mock-server/index.js";
import { runCli, useMockWorkspace, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

interface Report {
  schemaVersion: number;
  overallStatus: string;
  codexVersion: string;
  logDir: string;
  checks: Record<string, { status: string; summary: string; details: Record<string, string> }>;
}

const run = (args: string[], env?: Record<string, string | undefined>) =>
  runCli(args, { cwd: ws.work, home: ws.home, env });

/** The answer to doctor's one reachability probe (GET /models). */
const MODELS = { status: 200, body: { object: "list", data: [] } };

describe("codex doctor", () => {
  it("--json reports config, auth, reachability, sandbox, shell, git and MCP", async () => {
    mock.enqueue(MODELS);
    const r = await run(["doctor", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.logDir).toBe(path.join(ws.home, "log"));
    expect(Object.keys(report.checks).sort()).toEqual([
      "auth.credentials",
      "config.load",
      "git.environment",
      "mcp.config",
      "network.provider_reachability",
      "runtime.provenance",
      "sandbox.backend",
      "shell.environment",
      "state.paths",
    ]);
    expect(report.checks["config.load"]).toMatchObject({
      status: "ok",
      details: { model: "gpt-5.5", "model provider": "mock" },
    });
    expect(report.checks["auth.credentials"]!.status).toBe("ok");
    expect(report.checks["auth.credentials"]!.details["key source"]).toBe("MOCK_API_KEY");
    // The key itself never appears.
    expect(r.stdout).not.toContain("sk-mock-test-key");
    expect(report.checks["network.provider_reachability"]!.status).toBe("ok");
    expect(report.checks["git.environment"]!.details["repo detected"]).toBe("true");
    // The only request is the reachability probe, never a model turn.
    expect(mock.requests.map((q) => `${q.method} ${q.path}`)).toEqual(["GET /v1/models"]);
  });

  it("the human report groups checks, counts them and points at the log directory", async () => {
    mock.enqueue(MODELS);
    const r = await run(["doctor"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Codex Doctor \(codex-ts v\S+\) · /);
    expect(r.stdout).toContain("Configuration\n");
    expect(r.stdout).toMatch(/\[ok\] config\s+config loaded/);
    expect(r.stdout).toMatch(/\d+ ok \| \d+ warn \| 0 fail/);
    expect(r.stdout).toContain(`logs go to ${path.join(ws.home, "log")}/`);
  });

  it("fails with exit 1 and names the problem: missing key, broken config", async () => {
    mock.enqueue(MODELS);
    const noKey = await run(["doctor", "--json"], { MOCK_API_KEY: undefined });
    expect(noKey.code).toBe(1);
    const report = JSON.parse(noKey.stdout) as Report;
    expect(report.overallStatus).toBe("fail");
    expect(report.checks["auth.credentials"]!.status).toBe("fail");

    writeFileSync(path.join(ws.home, "config.toml"), "model = \n");
    const broken = await run(["doctor"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/\[xx\] config\s+config could not be loaded/);
    expect(broken.stdout).toContain(`${path.join(ws.home, "config.toml")}:1`);
    expect(mock.requests).toHaveLength(1);
  });

  it("reports MCP servers' startup", async () => {
    writeFileSync(
      path.join(ws.home, "config.toml"),
      `${readFileSync(path.join(ws.home, "config.toml"), "utf8")}
[mcp_servers.broken]
command = "/nonexistent/mcp-server"
startup_timeout_sec = 5
`,
    );
    mock.enqueue(MODELS);
    const r = await run(["doctor", "--json"]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.checks["mcp.config"]).toMatchObject({ status: "warning" });
    expect(report.checks["mcp.config"]!.details.broken).toMatch(/^failed/);
  });
});
