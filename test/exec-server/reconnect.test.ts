// Seed 003's reconnect rules, against a real `codex exec-server` process: a websocket client
// that lost its server is replaced by one fresh client and session, shared by concurrent
// callers; work attached to the dead connection fails loudly; stdio clients stay one-shot.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  ExecServerDisconnectedError,
  type ExecServerClient,
} from "../../src/environment/exec-server-client.js";
import { LazyRemoteExecServerClient } from "../../src/environment/lazy-client.js";
import { CLI } from "../harness.js";
import {
  cleanupHomes,
  processesWith,
  startExecServer,
  waitFor,
  type RunningServer,
} from "./server-process.js";

const servers: RunningServer[] = [];
const lazies: LazyRemoteExecServerClient[] = [];
afterEach(async () => {
  for (const l of lazies.splice(0)) l.close();
  for (const s of servers.splice(0)) await s.stop("SIGKILL");
  cleanupHomes();
});

async function server(args: string[] = []): Promise<RunningServer> {
  const s = await startExecServer(args);
  servers.push(s);
  return s;
}

function lazy(url: string): LazyRemoteExecServerClient {
  const l = new LazyRemoteExecServerClient({ url, pingIntervalMs: 500 });
  lazies.push(l);
  return l;
}

/**
 * Waits until the server's log shows a handshake, then makes one more round trip: the server
 * writes each log line before it answers, so any second handshake would be logged by then.
 */
async function settled(s: RunningServer, c: ExecServerClient): Promise<void> {
  await waitFor(() => s.started() >= 1);
  await c.request("environment/info", {});
  await new Promise((r) => setImmediate(r));
}

describe("LazyRemoteExecServerClient", () => {
  it("reuses a connected client", async () => {
    const s = await server();
    const l = lazy(s.url);
    const a = await l.get();
    const b = await l.get();
    expect(b).toBe(a);
    await settled(s, a);
    expect(s.started()).toBe(1);
  });

  it("two concurrent get() after a disconnect share one new client and one new session", async () => {
    const s = await server(["--listen", "ws://127.0.0.1:0"]);
    const port = new URL(s.url).port;
    const l = lazy(s.url);
    const first = await l.get();
    await s.stop("SIGKILL");
    await waitFor(() => first.isClosed);

    // The same port again, as a restarted server would be.
    const s2 = await server(["--listen", `ws://127.0.0.1:${port}`]);
    const [x, y] = await Promise.all([l.get(), l.get()]);
    expect(x).toBe(y);
    expect(x).not.toBe(first);
    expect(x.sessionId).not.toBe(first.sessionId);
    // Counted on the server: exactly one new handshake, and it did not resume anything.
    await settled(s2, x);
    expect(s2.started()).toBe(1);
    expect(s2.resumed()).toBe(0);
  });

  it("a command attached to a killed server fails with a message naming the disconnect", async () => {
    const s = await server();
    const dir = mkdtempSync(path.join(tmpdir(), "codex-ts-es-"));
    try {
      const l = lazy(s.url);
      const c = await l.get();
      const marker = `es-kill-${process.pid}-${Date.now()}`;
      await c.request("process/start", {
        processId: "p",
        argv: ["sleep", "30"],
        cwd: pathToFileURL(dir).href,
        env: { PATH: process.env.PATH!, CODEX_TEST_MARKER: marker },
      });
      // Settled into a value at once, so the rejection is never unhandled while we wait.
      const failure = c
        .request("process/read", { processId: "p", afterSeq: 0, waitMs: 20_000 })
        .then(
          () => null,
          (e: unknown) => e,
        );
      await s.stop("SIGKILL");
      const err = await failure;
      expect(err).toBeInstanceOf(ExecServerDisconnectedError);
      expect((err as Error).message).toMatch(/exec-server connection to ws:\/\/.* closed/);
      // No rebinding: the old handle stays dead even once a new client exists.
      await expect(c.request("process/read", { processId: "p" })).rejects.toThrow(/closed/);
      // The server was SIGKILLed, so nothing could reap its child; that is the OS's job, and
      // the test only checks that our side reports it. Clean up what was left.
      for (const pid of processesWith(marker)) process.kill(pid, "SIGKILL");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a stdio client is one-shot: the dead client is returned and surfaces its error", async () => {
    const l = lazy(`stdio:${process.execPath} ${CLI} exec-server --listen stdio`);
    const c = await l.get();
    c.close();
    const again = await l.get();
    expect(again).toBe(c);
    await expect(again.request("environment/info", {})).rejects.toBeInstanceOf(
      ExecServerDisconnectedError,
    );
  });

  it("detects a half-open connection by ping", async () => {
    const s = await server();
    const l = lazy(s.url);
    const c = await l.get();
    // SIGSTOP freezes the server: the socket stays open but nothing answers.
    s.child.kill("SIGSTOP");
    try {
      await waitFor(() => c.isClosed, 5_000);
      expect(c.closeReason).toMatch(/closed/);
    } finally {
      s.child.kill("SIGCONT");
    }
  });
});
