// MCP start-up failures through `codex exec`: an optional server is a warning, a required one a
// clear error; never a stack trace.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import {
  mockConfig,
  runCli,
  useMockWorkspace,
  writeConfig,
  REPO_ROOT,
  type Workspace,
} from "../harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const crashing = (required: boolean) => `
[mcp_servers.broken]
command = "${process.execPath}"
args = ["${path.join(REPO_ROOT, "test", "mcp", "fixtures", "crash-at-start.mjs")}"]
required = ${required}
`;

describe("MCP start-up failures in codex exec", () => {
  it("an optional server that fails is reported and the turn completes", async () => {
    writeConfig(ws.home, mockConfig(mock.url) + crashing(false));
    mock.enqueue(plainAnswer("still here"));
    const r = await runCli(["exec", "hi"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("still here\n");
    expect(r.stderr).toContain("broken");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a required server that fails stops start-up with its message and exit 1", async () => {
    writeConfig(ws.home, mockConfig(mock.url) + crashing(true));
    const r = await runCli(["exec", "hi"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("broken");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(mock.requests).toHaveLength(0);
  });
});
