// Commands the model runs are held to the sandbox; without one, they fail closed.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  useMockWorkspace,
  mockConfig,
  runCli,
  writeConfig,
  type Workspace,
} from "../harness.js";
import { makeOutsideDir } from "../outside-dir.js";

let mock: MockServer;
let ws: Workspace;
const cleanups: Array<() => void> = [];

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
});

const run = (cmd: string) => ({
  sse: [
    sse.created("r1"),
    ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd })),
    sse.completed("r1"),
  ],
});
const lastOutput = () => {
  const input = mock.requests.at(-1)!.body!.input as Array<{ type: string; output?: string }>;
  return String(input.filter((i) => i.type === "function_call_output").at(-1)!.output);
};

describe("sandboxed exec_command", () => {
  it("workspace-write: writes in the workspace succeed, outside and in .git fail", async () => {
    // /tmp (and so, on some machines, $HOME) is writable under workspace-write.
    const { dir: outside, cleanup } = makeOutsideDir();
    cleanups.push(cleanup);
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "workspace-write"'));
    mock.enqueue(
      run(
        `echo inside > inside.txt && cat inside.txt; echo x > ${outside}/o.txt; touch .git/probe-file; echo done`,
      ),
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "--json", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "inside.txt"))).toBe(true);
    expect(existsSync(path.join(outside, "o.txt"))).toBe(false);
    expect(existsSync(path.join(ws.work, ".git", "probe-file"))).toBe(false);
    const out = lastOutput();
    expect(out).toContain("inside\n");
    expect(out).toContain("done");
    const item = jsonLines(r.stdout).find((l) => l.type === "item.completed")!;
    expect(item.item).toMatchObject({ type: "command_execution", exit_code: 0 });
  });

  it("read-only: writes in the workspace fail", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    mock.enqueue(run("echo nope > ro.txt"), plainAnswer("ok"));
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "ro.txt"))).toBe(false);
    expect(lastOutput()).toMatch(/Process exited with code [1-9]/);
  });

  it("fails closed when no sandbox can be enforced", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    mock.enqueue(run("touch should-not-exist.txt"), plainAnswer("ok"));
    const r = await runCli(["exec", "go"], {
      cwd: ws.work,
      home: ws.home,
      // No helper and no bwrap on PATH: nothing can enforce read-only.
      env: {
        CODEX_LINUX_SANDBOX_EXE: path.join(ws.root, "missing-helper"),
        PATH: path.join(ws.root, "empty-path"),
      },
    });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "should-not-exist.txt"))).toBe(false);
    expect(lastOutput()).toContain("Cannot sandbox this command");
  });

  it("danger-full-access runs without a sandbox", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    mock.enqueue(run("echo $CODEX_SANDBOX; touch free.txt"), plainAnswer("ok"));
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "free.txt"))).toBe(true);
  });
});
