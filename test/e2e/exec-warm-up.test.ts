// Warm-up work (the login-shell snapshot, the sandbox probe, the bash parser) starts only when
// the model asks for a shell command: a plain answer must not pay for it. Observed from outside:
// files in CODEX_HOME and the processes the CLI starts while the answer streams.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, writeConfig, type Workspace, useMockWorkspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

/** Pids whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

describe("codex exec: warm-up", () => {
  it("a plain answer starts no shell snapshot and no child process, even when it streams slowly", async () => {
    // A slow answer gives an eager warm-up time to start (and, unhindered, to finish).
    mock.enqueue({ ...plainAnswer("Just text."), delayMs: 300 });
    const seen = new Set<number>();
    let poll: NodeJS.Timeout | undefined;
    const r = await runCli(["exec", "--json", "Say something"], {
      cwd: ws.work,
      home: ws.home,
      onSpawn: (child) => {
        poll = setInterval(() => {
          for (const pid of childrenOf(child.pid!)) seen.add(pid);
        }, 10);
      },
    });
    clearInterval(poll);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Just text.");
    expect(existsSync(path.join(ws.home, "shell_snapshots"))).toBe(false);
    expect([...seen]).toEqual([]);
  });

  it("a shell call still runs its command (the warm-up starts when the call is announced)", async () => {
    const args = JSON.stringify({ cmd: "echo warm" });
    writeConfig(ws.home, mockConfig(mock.url, 'sandbox_mode = "danger-full-access"'));
    // sse.functionCall announces the call (output_item.added) before its arguments stream.
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("call_1", "exec_command", args),
          sse.completed("r1"),
        ],
      },
      plainAnswer("done"),
    );
    const r = await runCli(["exec", "--json", "Run it"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    const outputs = (mock.requests.at(-1)!.body!.input as Array<{ type: string; output?: unknown }>)
      .filter((i) => i.type === "function_call_output")
      .map((i) => String(i.output));
    expect(outputs.join("\n")).toContain("warm");
  });
});
