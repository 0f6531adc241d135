// RemoteEnvironment against a real `codex exec-server`: the same operations tools use
// locally, and the faults a remote machine adds (a server killed mid-command, a restart).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalEnvironment } from "../../src/environment/local.js";
import { RemoteEnvironment } from "../../src/environment/remote.js";
import { makeOutsideDir } from "../outside-dir.js";
import { cleanupHomes, startExecServer, waitFor, type RunningServer } from "./server-process.js";

let dir: string;
const servers: RunningServer[] = [];
const envs: RemoteEnvironment[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "codex-ts-remote-"));
});
afterEach(async () => {
  for (const e of envs.splice(0)) await e.dispose();
  for (const s of servers.splice(0)) await s.stop("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
  cleanupHomes();
});

async function remote(
  args: string[] = [],
): Promise<{ env: RemoteEnvironment; server: RunningServer }> {
  const server = await startExecServer(args);
  servers.push(server);
  const env = new RemoteEnvironment(server.url);
  envs.push(env);
  return { env, server };
}

const spec = (
  command: string[],
  policy: { type: "danger-full-access" } | { type: "read-only" },
) => ({
  command,
  cwd: dir,
  env: { PATH: process.env.PATH! },
  policy,
  codexHome: dir,
});

describe("RemoteEnvironment", () => {
  it("runs a command like the local environment does", async () => {
    const { env } = await remote();
    const local = new LocalEnvironment();
    const argv = ["sh", "-c", "echo out; echo err >&2; exit 7"];
    const full = { type: "danger-full-access" } as const;
    const r = await env.run(await env.plan(spec(argv, full)), { streams: "separate" });
    const l = await local.run(await local.plan(spec(argv, full)), { streams: "separate" });
    for (const res of [r, l]) {
      expect(res.exitCode).toBe(7);
      expect(res.stdout.text).toBe("out\n");
      expect(res.stderr.text).toBe("err\n");
      expect(res.spawnError).toBeNull();
    }
    const info = await env.info();
    expect(info).toMatchObject({ kind: "remote", platform: process.platform });
  });

  it("times out and aborts by killing the remote process", async () => {
    const { env } = await remote();
    const plan = await env.plan(spec(["sleep", "30"], { type: "danger-full-access" }));
    const timed = await env.run(plan, { timeoutMs: 200 });
    expect(timed).toMatchObject({ timedOut: true, exitCode: 124 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const aborted = await env.run(plan, { signal: ac.signal });
    expect(aborted).toMatchObject({ aborted: true, exitCode: 130 });
  });

  it("terminal sessions take input and report their exit", async () => {
    const { env } = await remote();
    const plan = await env.plan(
      spec(["bash", "--norc", "-c", "read l; echo got:$l"], { type: "danger-full-access" }),
    );
    let out = "";
    const proc = await env.startSession(plan, true, (c) => (out += c.toString()));
    expect(proc.write("hi\n")).toBe(true);
    const code = await proc.exited;
    // Both in one assertion, so a failure shows what the terminal printed.
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining("got:hi") });
  });

  it("files: read, write, list, stat; missing files are ENOENT", async () => {
    const { env } = await remote();
    const f = path.join(dir, "f.txt");
    await env.fs.writeFile(f, "hello");
    expect(readFileSync(f, "utf8")).toBe("hello");
    expect((await env.fs.readFile(f)).toString()).toBe("hello");
    expect(await env.fs.stat(f)).toMatchObject({ isFile: true, size: 5 });
    expect((await env.fs.readdir(dir)).map((e) => e.name)).toEqual(["f.txt"]);
    await env.fs.remove(f);
    expect(existsSync(f)).toBe(false);
    await expect(env.fs.readFile(f)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("the server enforces the sandbox policy (or refuses to run when it cannot)", async () => {
    const { env } = await remote();
    const { dir: outside, cleanup } = makeOutsideDir();
    try {
      const target = path.join(outside, "x");
      const r = await env.run(await env.plan(spec(["touch", target], { type: "read-only" })));
      expect(existsSync(target)).toBe(false);
      if (r.spawnError === null) expect(r.exitCode).not.toBe(0);
      else expect(r.spawnError).toMatch(/sandbox/i);
    } finally {
      cleanup();
    }
  });

  it("a server killed mid-command fails that command loudly; the next one runs on a fresh session", async () => {
    const { env, server } = await remote(["--listen", "ws://127.0.0.1:0"]);
    const port = new URL(server.url).port;
    const first = await env.client();
    const running = env.run(await env.plan(spec(["sleep", "30"], { type: "danger-full-access" })));
    await waitFor(() => server.started() === 1);
    await new Promise((r) => setTimeout(r, 200));
    await server.stop("SIGKILL");
    const r = await running;
    expect(r.spawnError).toMatch(/remote environment disconnected/);
    const again = await startExecServer(["--listen", `ws://127.0.0.1:${port}`]);
    servers.push(again);
    const ok = await env.run(
      await env.plan(spec(["echo", "back"], { type: "danger-full-access" })),
    );
    expect(ok.output.text).toBe("back\n");
    expect((await env.client()).sessionId).not.toBe(first.sessionId);
  });
});
