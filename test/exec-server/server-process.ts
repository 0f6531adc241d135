// Runs `codex exec-server` as a real process for tests, and counts the sessions it reports.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLI } from "../harness.js";

export interface RunningServer {
  child: ChildProcess;
  /** ws://… for websocket servers. */
  url: string;
  /** Handshakes the server logged: "started" and "resumed" lines. */
  started(): number;
  resumed(): number;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const homes: string[] = [];
export function cleanupHomes(): void {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
}

export async function startExecServer(args: string[] = [], cwd?: string): Promise<RunningServer> {
  const home = mkdtempSync(path.join(tmpdir(), "codex-ts-es-home-"));
  homes.push(home);
  const child = spawn(process.execPath, [CLI, "exec-server", ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CODEX_HOME: home, LANG: "C.UTF-8" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0]!;
      if (out.includes("\n")) {
        child.stdout!.off("data", onData);
        resolve(line.trim());
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exec-server exited ${code}: ${stderr}`)));
  });
  const count = (word: string) => stderr.split("\n").filter((l) => l.endsWith(` ${word}`)).length;
  return {
    child,
    url,
    started: () => count("started"),
    resumed: () => count("resumed"),
    stderr: () => stderr,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * Pids of live processes whose command line or environment contains `marker` (read from /proc,
 * not from our own bookkeeping). An environment marker survives `exec`.
 */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      let cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      try {
        cmd += readFileSync(`/proc/${entry}/environ`, "utf8");
      } catch {
        // Another user's process: its command line is all we can see.
      }
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Zombies are already dead; they only wait for their parent to reap them.
      if (cmd.includes(marker) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
