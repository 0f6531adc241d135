// The websocket and unix-socket transports: same framing and methods as stdio, many clients
// sharing one server's threads, health probes, and a clean stop on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { CLI, useMockWorkspace, type Workspace } from "../harness.js";
import { schemaProblems } from "./schema.js";

let mock: MockServer;
let ws: Workspace;
let server: ChildProcess | null = null;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

afterEach(async () => {
  if (!server) return;
  const s = server;
  server = null;
  if (s.exitCode === null) {
    s.kill("SIGKILL");
    await new Promise((r) => s.once("exit", r));
  }
});

/** Starts `codex app-server --listen URL`; resolves with its stderr banner once it listens. */
function startServer(listen: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, "app-server", "--listen", listen], {
    cwd: ws.work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CODEX_HOME: ws.home, MOCK_API_KEY: "k" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      if (err.includes("listening on")) resolve(err);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

/** A minimal line/frame client: request → response, collecting everything received. */
class Peer {
  readonly received: Array<Record<string, unknown>> = [];
  readonly violations: string[] = [];
  private readonly methods = new Map<unknown, string>();
  private waiters: Array<() => void> = [];
  private next = 1;

  constructor(private readonly write: (text: string) => void) {}

  onText(text: string): void {
    const msg = JSON.parse(text) as Record<string, unknown>;
    this.received.push(msg);
    this.violations.push(...schemaProblems(msg, (id) => this.methods.get(id)));
    for (const w of this.waiters) w();
  }

  async until<T>(find: () => T | undefined): Promise<T> {
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async call(method: string, params: unknown): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.methods.set(id, method);
    this.write(JSON.stringify({ id, method, params }));
    const r = await this.until(() => this.received.find((m) => m.id === id && !("method" in m)));
    if (r.error) throw new Error(JSON.stringify(r.error));
    return r.result as Record<string, unknown>;
  }

  init(): Promise<Record<string, unknown>> {
    return this.call("initialize", { clientInfo: { name: "peer", version: "1" } });
  }
}

async function wsPeer(url: string): Promise<{ peer: Peer; socket: WebSocket }> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const peer = new Peer((t) => socket.send(t));
  socket.on("message", (d) => peer.onText(d.toString()));
  return { peer, socket };
}

function unixPeer(file: string): Promise<{ peer: Peer; end: () => void }> {
  return new Promise((resolve, reject) => {
    const sock = connect(file, () => {
      const peer = new Peer((t) => sock.write(`${t}\n`));
      createInterface({ input: sock }).on("line", (l) => peer.onText(l));
      resolve({ peer, end: () => sock.end() });
    });
    sock.once("error", reject);
  });
}

describe("websocket transport", () => {
  it("serves health probes, JSON frames, and two clients on one thread", async () => {
    const banner = await startServer("ws://127.0.0.1:0");
    const url = /listening on (ws:\/\/\S+)/.exec(banner)![1]!;
    expect(banner).toContain("readyz");
    const http = url.replace("ws:", "http:");
    expect((await fetch(`${http}/readyz`)).status).toBe(200);
    expect((await fetch(`${http}/healthz`)).status).toBe(200);
    expect((await fetch(`${http}/`)).status).toBe(400);

    mock.enqueue(plainAnswer("hello from ws"));
    const a = await wsPeer(url);
    const b = await wsPeer(url);
    await a.peer.init();
    await b.peer.init();
    const started = await a.peer.call("thread/start", { cwd: ws.work });
    const threadId = (started.thread as { id: string }).id;
    await b.peer.call("thread/resume", { threadId });
    await a.peer.call("turn/start", { threadId, input: [{ type: "text", text: "hi" }] });
    // Both subscribers see the turn end.
    for (const p of [a.peer, b.peer]) {
      await p.until(() => p.received.find((m) => m.method === "turn/completed"));
      expect(p.violations).toEqual([]);
    }
    a.socket.close();
    b.socket.close();
    server!.kill("SIGTERM");
    expect(await new Promise((r) => server!.once("exit", r))).toBe(0);
  });

  it("refuses to listen beyond loopback", async () => {
    await expect(startServer("ws://0.0.0.0:0")).rejects.toThrow(/without authentication/);
  });
});

describe("unix socket transport", () => {
  it("listens on the default control socket and serves line-framed clients", async () => {
    await startServer("unix://");
    const file = path.join(ws.home, "app-server-control", "app-server-control.sock");
    expect(existsSync(file)).toBe(true);
    mock.enqueue(plainAnswer("over the socket"));
    const { peer, end } = await unixPeer(file);
    const init = await peer.init();
    expect(init.codexHome).toBe(ws.home);
    const started = await peer.call("thread/start", { cwd: ws.work });
    const threadId = (started.thread as { id: string }).id;
    await peer.call("turn/start", { threadId, input: [{ type: "text", text: "hi" }] });
    const done = await peer.until(() => peer.received.find((m) => m.method === "turn/completed"));
    expect((done.params as { turn: { status: string } }).turn.status).toBe("completed");
    expect(peer.violations).toEqual([]);

    // A second client on the same socket drives the same thread: it interrupts a turn the
    // first one started, and both see it end.
    mock.enqueue({ hang: true });
    const other = await unixPeer(file);
    await other.peer.init();
    await other.peer.call("thread/resume", { threadId });
    const turn = await peer.call("turn/start", {
      threadId,
      input: [{ type: "text", text: "wait" }],
    });
    const turnId = (turn.turn as { id: string }).id;
    await other.peer.until(() => other.peer.received.find((m) => m.method === "turn/started"));
    await other.peer.call("turn/interrupt", { threadId, turnId });
    for (const p of [peer, other.peer]) {
      const ended = await p.until(() =>
        p.received.find(
          (m) =>
            m.method === "turn/completed" &&
            (m.params as { turn: { id: string } }).turn.id === turnId,
        ),
      );
      expect((ended.params as { turn: { status: string } }).turn.status).toBe("interrupted");
      expect(p.violations).toEqual([]);
    }
    other.end();
    end();
    server!.kill("SIGTERM");
    expect(await new Promise((r) => server!.once("exit", r))).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});
