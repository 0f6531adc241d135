// A session whose tools run on a `codex exec-server` (CODEX_EXEC_SERVER_URL): the scripted
// scenarios give the model the same results as a local run, the files change where the server
// runs, and a server killed mid-command gives that call one failed output naming the
// disconnect while the next command runs on a fresh session.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { runCli, useMockWorkspace, type RunResult, type Workspace } from "../harness.js";
import {
  cleanupHomes,
  startExecServer,
  type RunningServer,
} from "../exec-server/server-process.js";

let mock: MockServer;
let ws: Workspace;
const servers: RunningServer[] = [];
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: 'sandbox_mode = "danger-full-access"\napproval_policy = "never"' },
);
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop("SIGKILL");
  cleanupHomes();
});

const turn = (...events: ReturnType<typeof sse.functionCall>[]) => ({
  sse: [sse.created("r1"), ...events.flat(), sse.completed("r1")],
});

/** The scripted scenario: a shell command, a patch, a terminal session fed through stdin. */
function enqueueScenario(): void {
  const patch = "*** Begin Patch\n*** Add File: added.txt\n+from a patch\n*** End Patch\n";
  mock.enqueue(
    turn(
      sse.functionCall(
        "c1",
        "exec_command",
        JSON.stringify({ cmd: "echo made > made.txt && cat made.txt", login: false }),
      ),
    ),
    turn(sse.customToolCall("c2", "apply_patch", patch)),
    turn(
      sse.functionCall(
        "c3",
        "exec_command",
        JSON.stringify({ cmd: "read x; echo got:$x", tty: true, login: false, yield_time_ms: 500 }),
      ),
    ),
    // Session ids are random: answer with the one the previous output named.
    (req) => {
      const last = JSON.stringify(req.body);
      const id = Number(/session ID (\d+)/.exec(last)?.[1] ?? 0);
      return turn(
        sse.functionCall("c4", "write_stdin", JSON.stringify({ session_id: id, chars: "yes\n" })),
      );
    },
    plainAnswer("done"),
  );
}

/** Tool outputs the model received, with timings and chunk ids blanked. */
function toolOutputs(): string[] {
  const input = mock.requests.at(-1)!.body!.input as Array<{ type: string; output?: unknown }>;
  return input
    .filter((i) => i.type.endsWith("_output"))
    .map((i) =>
      String(i.output)
        .replace(/Wall time: [\d.]+ seconds/g, "Wall time: T seconds")
        .replace(/Chunk ID: \w+/g, "Chunk ID: X")
        .replace(/Process running with session ID \d+/g, "Process running with session ID N"),
    );
}

async function run(env: Record<string, string> = {}): Promise<RunResult> {
  return runCli(["exec", "--json", "--skip-git-repo-check", "go"], {
    cwd: ws.work,
    home: ws.home,
    env,
  });
}

describe("a session on a remote environment", () => {
  it("gives the model the same tool results as a local session", async () => {
    enqueueScenario();
    const local = await run();
    expect(local.code).toBe(0);
    const localOutputs = toolOutputs();
    expect(readFileSync(path.join(ws.work, "added.txt"), "utf8")).toBe("from a patch\n");

    // The same scenario again, now through an exec-server started in the workspace.
    for (const f of ["made.txt", "added.txt"]) rmSync(path.join(ws.work, f));
    const server = await startExecServer(["--listen", "ws://127.0.0.1:0"], ws.work);
    servers.push(server);
    enqueueScenario();
    const remote = await run({ CODEX_EXEC_SERVER_URL: server.url });
    expect(remote.stderr).not.toMatch(/Error/);
    expect(remote.code).toBe(0);
    expect(toolOutputs()).toEqual(localOutputs);
    expect(localOutputs[0]).toContain("made");
    expect(localOutputs[3]).toContain("got:yes");
    expect(readFileSync(path.join(ws.work, "added.txt"), "utf8")).toBe("from a patch\n");
    expect(server.started()).toBe(1);
  });

  it("describes the remote cwd and shell to the model", async () => {
    const server = await startExecServer(["--listen", "ws://127.0.0.1:0"], ws.work);
    servers.push(server);
    mock.enqueue(plainAnswer("ok"));
    const r = await run({ CODEX_EXEC_SERVER_URL: server.url });
    expect(r.code).toBe(0);
    const body = JSON.stringify(mock.requests[0]!.body);
    expect(body).toContain(`<cwd>${ws.work}</cwd>`);
  });

  it("a server killed mid-command fails that call; the next runs on a fresh session", async () => {
    const server = await startExecServer(["--listen", "ws://127.0.0.1:0"], ws.work);
    servers.push(server);
    const port = new URL(server.url).port;
    const cmd = (callId: string, command: string) =>
      sse.functionCall(
        callId,
        "exec_command",
        JSON.stringify({ cmd: command, login: false, yield_time_ms: 20_000 }),
      );
    mock.enqueue(
      // The pause lets the start reply reach codex first: the kill lands on a running command.
      turn(cmd("k1", "sleep 0.3; touch killme; sleep 30")),
      // Slow delivery gives the test time to restart the server before this call runs.
      { ...turn(cmd("k2", "echo after")), delayMs: 1500 },
      plainAnswer("done"),
    );
    // When the first command is running, kill the server and start a new one on its port.
    let restart: Promise<void> | null = null;
    const watcher = setInterval(() => {
      if (restart !== null || !existsSync(path.join(ws.work, "killme"))) return;
      restart = server.stop("SIGKILL").then(async () => {
        servers.push(await startExecServer(["--listen", `ws://127.0.0.1:${port}`], ws.work));
      });
    }, 20);
    let r: RunResult;
    try {
      r = await run({ CODEX_EXEC_SERVER_URL: server.url });
    } finally {
      clearInterval(watcher);
    }
    expect(r.code).toBe(0);
    const outputs = toolOutputs();
    expect(outputs[0]).toMatch(/remote environment disconnected/);
    expect(outputs[1]).toContain("after");
    expect(servers.at(-1)!.started()).toBe(1);
  });
});
