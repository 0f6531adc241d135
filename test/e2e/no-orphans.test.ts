// No process outlives codex: every exit path ends every process tree codex started. Each test
// starts marked processes (`sleep <marker>`: a background `exec_command` session, an MCP stdio
// server, a notify program), ends codex one way, and asks /proc whether any marked process is
// left. The model's second request hangs, so a signal arrives while the turn is running.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  CLI,
  REPO_ROOT,
  mockConfig,
  runCli,
  useMockWorkspace,
  writeConfig,
  type RunResult,
  type Workspace,
} from "../harness.js";
import { startMcpServer } from "../mcp/server/mcp-server-harness.js";
import {
  eventually,
  killMarked,
  parentPid,
  processRunning,
  processesWithMarker,
  sleepMarker,
  survivors,
} from "../proc-scan.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const markers: string[] = [];
afterEach(() => {
  for (const m of markers.splice(0)) killMarked(m);
});

function marker(): string {
  const m = sleepMarker();
  markers.push(m);
  return m;
}

const TEST_MCP_SERVER = path.join(REPO_ROOT, "test", "mcp", "fixtures", "test-server.mjs");

/** A turn whose only output is one `exec_command` call. */
function execCommandTurn(args: Record<string, unknown>) {
  return {
    sse: [
      sse.created("r1"),
      ...sse.functionCall("c1", "exec_command", JSON.stringify(args)),
      sse.completed("r1"),
    ],
  };
}

/** Two marked sleeps in one process group, left running in the background by the model. */
function backgroundSleep(mark: string, extra: Record<string, unknown> = {}) {
  return execCommandTurn({ cmd: `sleep ${mark} & sleep ${mark}`, yield_time_ms: 300, ...extra });
}

function config(extra = ""): void {
  writeConfig(ws.home, mockConfig(mock.url, `sandbox_mode = "danger-full-access"\n${extra}`));
}

/** Runs `codex exec --json`, sending `signal` once the turn hangs on its second request. */
async function execAndSignal(
  mark: string,
  signal: NodeJS.Signals | null,
  args: string[] = [],
): Promise<RunResult> {
  let child: ChildProcess | undefined;
  const run = runCli(["exec", "--json", ...args, "start something in the background"], {
    cwd: ws.work,
    home: ws.home,
    onSpawn: (c) => (child = c),
  });
  if (signal !== null) {
    await mock.waitForRequests(2);
    // The scene is set: the command is running when codex is told to stop.
    expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
    child!.kill(signal);
  }
  return run;
}

function rolloutLines(): unknown[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".jsonl")) files.push(p);
    }
  };
  walk(path.join(ws.home, "sessions"));
  expect(files).toHaveLength(1);
  const text = readFileSync(files[0]!, "utf8");
  // Never half-written: whole lines, each one JSON.
  expect(text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);
}

describe("codex exec ends every process it started", () => {
  it("normal end: a background exec_command session does not outlive the run", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), plainAnswer("left it running"));
    const r = await execAndSignal(mark, null);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.code).toBe(0);
    // The session was really left running when the turn ended (reported with a session id).
    const outputs = JSON.stringify(mock.requests[1]!.body!.input);
    expect(outputs).toContain("Process running with session ID");
    expect(await survivors(mark)).toEqual([]);
  });

  it("normal end: a background PTY session (tty=true) does not outlive the run", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark, { tty: true }), plainAnswer("left it running"));
    const r = await execAndSignal(mark, null);
    expect(r.code).toBe(0);
    expect(JSON.stringify(mock.requests[1]!.body!.input)).toContain(
      "Process running with session ID",
    );
    expect(await survivors(mark)).toEqual([]);
  });

  it("normal end: a one-shot shell command's leftover background job ends with the session", async () => {
    config();
    const mark = marker();
    const pidFile = path.join(ws.root, "leftover.pid");
    const script = `sleep ${mark} >/dev/null 2>&1 & echo $! > ${pidFile}`;
    // A one-shot command (the runner behind shell/local_shell), not an exec_command session.
    const item = {
      type: "local_shell_call",
      id: "ls_1",
      call_id: "c1",
      status: "completed",
      action: { type: "exec", command: ["bash", "-c", script] },
    };
    mock.enqueue(
      { sse: [sse.created("r1"), sse.itemDone(item), sse.completed("r1")] },
      plainAnswer("done"),
    );
    const r = await execAndSignal(mark, null);
    expect(r.code).toBe(0);
    // It was started (and an 11-day sleep does not end by itself)...
    expect(Number(readFileSync(pidFile, "utf8"))).toBeGreaterThan(0);
    // ...and it is gone.
    expect(await survivors(mark)).toEqual([]);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGHUP", 129],
  ] as const)("%s: exits %i and leaves nothing running", async (signal, code) => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const r = await execAndSignal(mark, signal);
    expect(r.code).toBe(code);
    expect(await survivors(mark)).toEqual([]);
  });

  it("SIGTERM (how the SDK aborts): exits 143, rollout complete, nothing left running", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const r = await execAndSignal(mark, "SIGTERM");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.code).toBe(143);
    expect(await survivors(mark)).toEqual([]);
    const lines = rolloutLines() as Array<{ type: string; payload: { type?: string } }>;
    expect(lines.some((l) => l.payload.type === "function_call_output")).toBe(true);
  });

  it("SIGTERM under the default sandbox: the sandboxed session ends too", async () => {
    writeConfig(ws.home, mockConfig(mock.url));
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const r = await execAndSignal(mark, "SIGTERM");
    expect(r.code).toBe(143);
    expect(await survivors(mark)).toEqual([]);
  });

  it("SIGKILL of codex itself: its watchdog ends the process groups it left", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    let child: ChildProcess | undefined;
    const run = runCli(["exec", "--json", "go"], {
      cwd: ws.work,
      home: ws.home,
      onSpawn: (c) => (child = c),
    });
    await mock.waitForRequests(2);
    expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
    // The watchdog is codex's child and carries none of its environment (no API key).
    const watchdogs = processesWithMarker("codex-watchdog").filter(
      (p) => parentPid(p.pid) === child!.pid,
    );
    expect(watchdogs).toHaveLength(1);
    expect(readFileSync(`/proc/${watchdogs[0]!.pid}/environ`, "utf8")).not.toContain("API_KEY");
    child!.kill("SIGKILL");
    const r = await run;
    expect(r.signal).toBe("SIGKILL");
    expect(await survivors(mark)).toEqual([]);
  });

  it("a command that ignores SIGTERM is killed after the grace period", async () => {
    config();
    const mark = marker();
    mock.enqueue(
      execCommandTurn({
        cmd: `trap '' TERM; sleep ${mark} & sleep ${mark}; wait`,
        yield_time_ms: 300,
      }),
      { hang: true },
    );
    const r = await execAndSignal(mark, "SIGTERM");
    expect(r.code).toBe(143);
    expect(await survivors(mark)).toEqual([]);
  });

  it("MCP stdio servers end on SIGTERM", async () => {
    const mark = marker();
    config(`[mcp_servers.t]\ncommand = "node"\nargs = ["${TEST_MCP_SERVER}", "${mark}"]\n`);
    mock.enqueue(backgroundSleep(marker()), { hang: true });
    let child: ChildProcess | undefined;
    const run = runCli(["exec", "--json", "go"], {
      cwd: ws.work,
      home: ws.home,
      onSpawn: (c) => (child = c),
    });
    await mock.waitForRequests(2);
    expect(processesWithMarker(mark)).toHaveLength(1);
    child!.kill("SIGTERM");
    const r = await run;
    expect(r.code).toBe(143);
    expect(await survivors(mark)).toEqual([]);
  });

  it("a notify program still running at the end is given time, then ended", async () => {
    const mark = marker();
    const done = path.join(ws.root, "notified");
    // Writes its proof at once, then would sleep for days.
    config(
      `notify = ["sh", "-c", "echo \\"$1\\" > ${done}; sleep ${mark} & sleep ${mark}", "notify"]\n`,
    );
    mock.enqueue(plainAnswer("hi"));
    const r = await runCli(["exec", "--json", "hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(done, "utf8"))).toMatchObject({ type: "agent-turn-complete" });
    expect(await survivors(mark)).toEqual([]);
  });
});

describe("codex notices when its reader or parent goes away", () => {
  it("stdout closed by the reader (EPIPE): a clean hang-up (129), no crash", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const child = spawn(process.execPath, [CLI, "exec", "--json", "go"], {
      cwd: ws.work,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CODEX_HOME: ws.home,
        MOCK_API_KEY: "sk-mock-test-key",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader is gone before codex writes its first event.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) =>
      child.once("close", (exitCode) => resolve(exitCode)),
    );
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(code).toBe(129);
    expect(await survivors(mark)).toEqual([]);
  });

  it("the SDK (parent) is SIGKILLed: codex shuts down and ends its processes", async () => {
    config();
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const pidFile = path.join(ws.root, "codex.pid");
    // An intermediate parent, like the SDK's node process, that we can kill -9.
    const parent = spawn(
      "/bin/sh",
      ["-c", `"$0" "$@" & echo $! > ${pidFile}; wait`, process.execPath, CLI, "exec", "go"],
      {
        cwd: ws.work,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CODEX_HOME: ws.home,
          MOCK_API_KEY: "sk-mock-test-key",
        },
        stdio: ["ignore", "ignore", "ignore"],
      },
    );
    await mock.waitForRequests(2);
    await eventually(
      () => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"),
      "pid file",
    );
    const codexPid = Number(readFileSync(pidFile, "utf8"));
    expect(processRunning(codexPid)).toBe(true);
    expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
    parent.kill("SIGKILL");
    await eventually(() => !processRunning(codexPid), "codex to exit after its parent died");
    expect(await survivors(mark)).toEqual([]);
  });
});

describe("codex mcp-server", () => {
  it("stdin closing (the client went away) ends the sessions' processes", async () => {
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    const mark = marker();
    mock.enqueue(backgroundSleep(mark), { hang: true });
    const server = await startMcpServer({ cwd: ws.work, home: ws.home });
    const call = server.client
      .callTool({ name: "codex", arguments: { prompt: "go" } })
      .catch(() => undefined);
    await mock.waitForRequests(2);
    expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
    const exit = await server.disconnect();
    await call;
    expect(exit.code).toBe(0);
    expect(await survivors(mark)).toEqual([]);
  });

  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} ends the sessions' processes and exits ${code}`, async () => {
      writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
      const mark = marker();
      mock.enqueue(backgroundSleep(mark), { hang: true });
      const server = await startMcpServer({ cwd: ws.work, home: ws.home });
      const call = server.client
        .callTool({ name: "codex", arguments: { prompt: "go" } })
        .catch(() => undefined);
      await mock.waitForRequests(2);
      expect(processesWithMarker(mark).length).toBeGreaterThanOrEqual(2);
      server.child.kill(signal);
      const exit = await server.exited;
      await call;
      expect(exit.code).toBe(code);
      expect(await survivors(mark)).toEqual([]);
    });
  }
});
