// `codex exec-server` as a real process, driven over stdio and websocket: the handshake, the
// process and fs methods, and the errors, as the reference server answers them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { WebSocket } from "ws";
import {
  ExecServerClient,
  ExecServerRequestError,
} from "../../src/environment/exec-server-client.js";
import { CLI } from "../harness.js";
import { makeOutsideDir } from "../outside-dir.js";
import { cleanupHomes, processesWith, startExecServer, waitFor } from "./server-process.js";

let dir: string;
const clients: ExecServerClient[] = [];
const stops: Array<() => Promise<void>> = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "codex-ts-es-"));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of stops.splice(0)) await s();
  rmSync(dir, { recursive: true, force: true });
  cleanupHomes();
});

const uri = (p: string) => pathToFileURL(p).href;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const text = (chunks: Array<{ chunk: string }>) =>
  chunks.map((c) => Buffer.from(c.chunk, "base64").toString()).join("");

async function stdioClient(): Promise<ExecServerClient> {
  const c = await ExecServerClient.connect({
    url: `stdio:${process.execPath} ${CLI} exec-server --listen stdio --concurrent-requests 8`,
  });
  clients.push(c);
  return c;
}

async function errorOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ExecServerRequestError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an error");
}

interface ReadResult {
  chunks: Array<{ seq: number; stream: string; chunk: string }>;
  nextSeq: number;
  exited: boolean;
  exitCode: number | null;
  closed: boolean;
}

/** Reads until the process is closed. */
async function readAll(c: ExecServerClient, processId: string): Promise<ReadResult> {
  const all: ReadResult["chunks"] = [];
  let after = 0;
  for (;;) {
    const r = (await c.request("process/read", {
      processId,
      afterSeq: after,
      maxBytes: 1 << 20,
      waitMs: 1000,
    })) as ReadResult;
    all.push(...r.chunks);
    after = r.nextSeq - 1;
    if (r.closed) return { ...r, chunks: all };
  }
}

/** A raw websocket to the server, for the handshakes ExecServerClient never makes itself. */
async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise((r) => ws.once("open", r));
  return ws;
}

function rpc(
  ws: WebSocket,
  id: number,
  method: string,
  params: unknown,
): Promise<Record<string, unknown>> {
  const reply = new Promise<Record<string, unknown>>((resolve) =>
    ws.on("message", (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if (m.id === id) resolve(m);
    }),
  );
  ws.send(JSON.stringify({ id, method, params }));
  return reply;
}

describe("exec-server over stdio", () => {
  it("handshake: methods before initialize are refused; environment info uses file:// URIs", async () => {
    const c = await stdioClient();
    expect(c.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.environmentInfo).toMatchObject({
      executorVersion: "0.169.0",
      platformOs: process.platform,
    });
    expect(String(c.environmentInfo.cwd)).toMatch(/^file:\/\//);
    expect(await c.request("environment/info", {})).toMatchObject({ platformOs: process.platform });
    expect(await errorOf(c.request("initialize", { clientName: "again" }))).toMatchObject({
      code: -32600,
    });
    expect(await errorOf(c.request("no/such", {}))).toMatchObject({ code: -32601 });
  });

  it("runs a process: separate stdout/stderr, stdin, exit code, one seq per process", async () => {
    const c = await stdioClient();
    const notes: Array<{ method: string; seq: number }> = [];
    c.onNotification((method, p) => notes.push({ method, seq: Number(p.seq) }));
    expect(
      await c.request("process/start", {
        processId: "p1",
        argv: ["sh", "-c", "echo out; echo err >&2; read l; echo got:$l; exit 3"],
        cwd: uri(dir),
        env: { PATH: process.env.PATH! },
        tty: false,
        pipeStdin: true,
        arg0: null,
      }),
    ).toEqual({ processId: "p1", sandboxType: "none" });
    expect(
      await c.request("process/write", { processId: "p1", chunk: b64("hello\n"), writeId: "w1" }),
    ).toEqual({ status: "accepted" });
    const r = await readAll(c, "p1");
    expect(r.exitCode).toBe(3);
    expect(r.exited).toBe(true);
    const out = r.chunks.filter((x) => x.stream === "stdout");
    expect(text(out)).toBe("out\ngot:hello\n");
    expect(text(r.chunks.filter((x) => x.stream === "stderr"))).toBe("err\n");
    await waitFor(() => notes.some((n) => n.method === "process/closed"));
    const seqs = notes.map((n) => n.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(notes.at(-1)!.method).toBe("process/closed");
    expect(
      await c.request("process/write", { processId: "p1", chunk: b64("x"), writeId: "w2" }),
    ).toEqual({ status: "stdinClosed" });
  });

  it("a terminal process sees a tty; terminate kills it and reports whether it ran", async () => {
    const c = await stdioClient();
    const marker = `es-tty-${process.pid}-${Date.now()}`;
    await c.request("process/start", {
      processId: "t",
      argv: ["bash", "-c", "tty; exec sleep 30"],
      cwd: uri(dir),
      env: { PATH: process.env.PATH!, CODEX_TEST_MARKER: marker },
      tty: true,
    });
    await waitFor(() => processesWith(marker).length > 0);
    // A read returns whatever has arrived, which may be part of a line: read on until the line
    // `tty` prints is whole (bounded by the reads' own waits).
    const chunks: ReadResult["chunks"] = [];
    for (let read = 0; read < 20 && !/\/dev\/pts\/\d+\r?\n/.test(text(chunks)); read++) {
      const r = (await c.request("process/read", {
        processId: "t",
        afterSeq: chunks.at(-1)?.seq ?? 0,
        waitMs: 1000,
      })) as ReadResult;
      chunks.push(...r.chunks);
    }
    expect(chunks[0]?.stream).toBe("pty");
    expect(text(chunks)).toMatch(/\/dev\/pts\/\d+/);
    expect(await c.request("process/terminate", { processId: "t" })).toEqual({ running: true });
    await waitFor(() => processesWith(marker).length === 0);
    // The server learns of a terminal's end a moment after the OS (node-pty reports it once the
    // terminal's output has closed): a client sees the process closed, then nothing to terminate.
    expect((await readAll(c, "t")).exited).toBe(true);
    expect(await c.request("process/terminate", { processId: "t" })).toEqual({ running: false });
    expect(await c.request("process/terminate", { processId: "nope" })).toEqual({
      running: false,
    });
  });

  it("rejects bad params as the reference does", async () => {
    const c = await stdioClient();
    const start = (extra: Record<string, unknown>) =>
      c.request("process/start", {
        processId: "p",
        argv: ["true"],
        cwd: uri(dir),
        env: {},
        tty: false,
        pipeStdin: false,
        ...extra,
      });
    await start({});
    expect(await errorOf(start({}))).toEqual({ code: -32600, message: "process p already exists" });
    expect(await errorOf(start({ processId: "q", argv: [] }))).toEqual({
      code: -32602,
      message: "argv must not be empty",
    });
    expect(await errorOf(start({ processId: "r", sandbox: { bogus: true } }))).toEqual({
      code: -32602,
      message: "missing field `sandbox.permissions`",
    });
    expect(await errorOf(start({ processId: "s", cwd: dir }))).toEqual({
      code: -32602,
      message: "invalid URI: relative URL without a base",
    });
    expect(await errorOf(c.request("fs/readFile", { path: "/etc/hostname" }))).toMatchObject({
      code: -32602,
    });
    expect(await errorOf(c.request("process/read", { processId: "ghost" }))).toMatchObject({
      code: -32600,
    });
    expect(
      await c.request("process/write", { processId: "ghost", chunk: b64("x"), writeId: "w" }),
    ).toEqual({ status: "unknownProcess" });
    expect(
      await errorOf(c.request("process/write", { processId: "p", chunk: "!!not base64!!" })),
    ).toMatchObject({ code: -32602 });
  });

  it("fs methods read, write, list, copy and remove files; OS errors carry errno", async () => {
    const c = await stdioClient();
    const a = path.join(dir, "a.txt");
    await c.request("fs/writeFile", { path: uri(a), dataBase64: b64("hello\n"), sandbox: null });
    expect(await c.request("fs/readFile", { path: uri(a), sandbox: null })).toEqual({
      dataBase64: b64("hello\n"),
    });
    await c.request("fs/createDirectory", { path: uri(path.join(dir, "d/e")), recursive: true });
    await c.request("fs/copy", { sourcePath: uri(a), destinationPath: uri(path.join(dir, "d/b")) });
    expect(await c.request("fs/readDirectory", { path: uri(dir) })).toEqual({
      entries: [
        { fileName: "a.txt", isDirectory: false, isFile: true },
        { fileName: "d", isDirectory: true, isFile: false },
      ],
    });
    expect(await c.request("fs/getMetadata", { path: uri(a) })).toMatchObject({
      isFile: true,
      isDirectory: false,
      isSymlink: false,
      size: 6,
    });
    expect(
      await c.request("fs/canonicalize", { path: uri(path.join(dir, "d", "..", "a.txt")) }),
    ).toEqual({ path: uri(a) });
    await c.request("fs/remove", { path: uri(path.join(dir, "d")), recursive: true });
    expect(existsSync(path.join(dir, "d"))).toBe(false);
    expect(await errorOf(c.request("fs/readFile", { path: uri(path.join(dir, "none")) }))).toEqual({
      code: -32603,
      message: "No such file or directory (os error 2)",
    });
  });

  it("binary output round-trips byte for byte", async () => {
    const c = await stdioClient();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const file = path.join(dir, "bin");
    writeFileSync(file, bytes);
    await c.request("process/start", {
      processId: "b",
      argv: ["cat", file],
      cwd: uri(dir),
      env: { PATH: process.env.PATH! },
    });
    const r = await readAll(c, "b");
    expect(Buffer.concat(r.chunks.map((x) => Buffer.from(x.chunk, "base64")))).toEqual(bytes);
  });

  it("keeps a bounded buffer for output nobody reads", async () => {
    const c = await stdioClient();
    let closed = false;
    c.onNotification((m, p) => (closed ||= m === "process/closed" && p.processId === "big"));
    // 24 MiB of output, three times the per-process buffer, none of it read until the end.
    await c.request("process/start", {
      processId: "big",
      argv: ["sh", "-c", "head -c 25165824 /dev/zero"],
      cwd: uri(dir),
      env: { PATH: process.env.PATH! },
    });
    await waitFor(() => closed);
    const r = await readAll(c, "big");
    const kept = r.chunks.reduce((n, x) => n + Buffer.from(x.chunk, "base64").length, 0);
    expect(kept).toBeLessThanOrEqual(8 * 1024 * 1024 + 65536);
    expect(kept).toBeGreaterThan(1024 * 1024);
    expect(r.chunks[0]!.seq).toBeGreaterThan(1);
  });

  it("a read-only sandbox refuses writes, in processes and in fs/writeFile", async () => {
    const c = await stdioClient();
    const { dir: outside, cleanup } = makeOutsideDir();
    try {
      const target = path.join(outside, "x.txt");
      const sandbox = {
        permissions: {
          type: "managed",
          file_system: {
            type: "restricted",
            entries: [{ path: { type: "special", value: { kind: "root" } }, access: "read" }],
          },
          network: "restricted",
        },
        cwd: uri(dir),
        windowsSandboxLevel: "disabled",
      };
      const write = c.request("fs/writeFile", { path: uri(target), dataBase64: b64("x"), sandbox });
      expect(await errorOf(write)).toEqual({
        code: -32603,
        message: "Read-only file system (os error 30)",
      });
      const started = c
        .request("process/start", {
          processId: "s",
          argv: ["sh", "-c", `touch ${target}`],
          cwd: uri(dir),
          env: { PATH: process.env.PATH! },
          sandbox,
        })
        .then(
          (r) => ({ ok: true as const, r }),
          (e: Error) => ({ ok: false as const, e }),
        );
      const res = await started;
      if (res.ok) {
        expect(res.r).toMatchObject({ sandboxType: expect.stringMatching(/^linux/) });
        const r = await readAll(c, "s");
        expect(r.exitCode).not.toBe(0);
      } else {
        // No sandbox backend on this host: the process must not run at all (fail closed).
        expect(res.e.message).toMatch(/sandbox/i);
      }
      expect(existsSync(target)).toBe(false);
      await c.request("fs/writeFile", { path: uri(target), dataBase64: b64("y"), sandbox: null });
      expect(readFileSync(target, "utf8")).toBe("y");
    } finally {
      cleanup();
    }
  });

  it("runs 1,000 short processes in a row", async () => {
    const c = await stdioClient();
    for (let i = 0; i < 1000; i++) {
      await c.request("process/start", {
        processId: `n${i}`,
        argv: ["true"],
        cwd: uri(dir),
        env: {},
      });
    }
    const last = await readAll(c, "n999");
    expect(last.exitCode).toBe(0);
  }, 120_000);

  it("ends every process when stdin closes", async () => {
    const marker = `es-stdin-${process.pid}-${Date.now()}`;
    const c = await stdioClient();
    await c.request("process/start", {
      processId: "bg",
      argv: ["sh", "-c", "exec sleep 60"],
      cwd: uri(dir),
      env: { PATH: process.env.PATH!, CODEX_TEST_MARKER: marker },
    });
    await waitFor(() => processesWith(marker).length > 0);
    c.close();
    await waitFor(() => processesWith(marker).length === 0);
  });
});

describe("exec-server over websocket", () => {
  it("prints its URL, answers /readyz, and refuses plain HTTP", async () => {
    const s = await startExecServer();
    stops.push(() => s.stop());
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const http = s.url.replace("ws:", "http:");
    expect((await fetch(`${http}/readyz`)).status).toBe(200);
    expect((await fetch(`${http}/healthz`)).status).toBe(404);
    const plain = await fetch(`${http}/`);
    expect(plain.status).toBe(400);
    expect(await plain.text()).toBe("Connection header did not include 'upgrade'");
  });

  it("a detached session keeps running and is resumable; attached elsewhere is -32010", async () => {
    const s = await startExecServer();
    stops.push(() => s.stop());
    const c1 = await ExecServerClient.connect({ url: s.url });
    await c1.request("process/start", {
      processId: "long",
      argv: ["bash", "-c", "echo first; sleep 0.3; echo second; sleep 30"],
      cwd: uri(dir),
      env: { PATH: process.env.PATH! },
    });
    c1.close();
    await new Promise((r) => setTimeout(r, 600));
    const w2 = await open(s.url);
    const init = await rpc(w2, 1, "initialize", { clientName: "t", resumeSessionId: c1.sessionId });
    expect(init.result).toMatchObject({ sessionId: c1.sessionId });
    const read = await rpc(w2, 2, "process/read", { processId: "long", afterSeq: null });
    expect(text((read.result as ReadResult).chunks)).toBe("first\nsecond\n");
    const w3 = await open(s.url);
    expect(
      (await rpc(w3, 1, "initialize", { clientName: "t", resumeSessionId: c1.sessionId })).error,
    ).toEqual({
      code: -32010,
      message: `session ${c1.sessionId} is already attached to another connection`,
    });
    const w4 = await open(s.url);
    const unknown = "00000000-0000-0000-0000-000000000000";
    expect(
      (await rpc(w4, 1, "initialize", { clientName: "t", resumeSessionId: unknown })).error,
    ).toEqual({ code: -32600, message: `unknown session id ${unknown}` });
    expect((await rpc(w2, 3, "process/terminate", { processId: "long" })).result).toEqual({
      running: true,
    });
    for (const w of [w2, w3, w4]) w.close();
    expect(s.resumed()).toBe(1);
  });

  it("kills a detached session's processes when its time to resume runs out", async () => {
    const s = await startExecServer(["--session-ttl-secs", "0.5"]);
    stops.push(() => s.stop());
    const marker = `es-ttl-${process.pid}-${Date.now()}`;
    const c = await ExecServerClient.connect({ url: s.url });
    await c.request("process/start", {
      processId: "x",
      argv: ["sh", "-c", "exec sleep 60"],
      cwd: uri(dir),
      env: { PATH: process.env.PATH!, CODEX_TEST_MARKER: marker },
    });
    await waitFor(() => processesWith(marker).length > 0);
    c.close();
    await waitFor(() => processesWith(marker).length === 0);
    const w = await open(s.url);
    expect(
      (await rpc(w, 1, "initialize", { clientName: "t", resumeSessionId: c.sessionId })).error,
    ).toEqual({ code: -32600, message: `unknown session id ${c.sessionId}` });
    w.close();
  });

  it("capability token: required when configured, and non-loopback binds need one", async () => {
    const tokenFile = path.join(dir, "token");
    writeFileSync(tokenFile, "a-very-secret-capability-token\n", { mode: 0o600 });
    const s = await startExecServer([
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile,
    ]);
    stops.push(() => s.stop());
    await expect(ExecServerClient.connect({ url: s.url })).rejects.toThrow(/401/);
    const ok = await ExecServerClient.connect({
      url: s.url,
      token: "a-very-secret-capability-token",
    });
    clients.push(ok);
    expect(ok.sessionId).not.toBe("");
    await expect(startExecServer(["--listen", "ws://0.0.0.0:0"])).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without authentication/,
    );
  });
});

describe("exec-server under a client that stops reading", () => {
  it("drops the client instead of buffering without bound", async () => {
    const s = await startExecServer();
    stops.push(() => s.stop());
    const ws = await open(s.url);
    expect((await rpc(ws, 1, "initialize", { clientName: "t" })).result).toBeTruthy();
    // From now on this client reads nothing while a process writes far more than the limit.
    ws.send(
      JSON.stringify({
        id: 2,
        method: "process/start",
        params: {
          processId: "flood",
          argv: ["head", "-c", "268435456", "/dev/zero"],
          cwd: uri(dir),
          env: { PATH: process.env.PATH! },
        },
      }),
    );
    const closed = new Promise<void>((r) => ws.once("close", () => r()));
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor(() => s.stderr().includes("not reading its messages"), 20_000);
    const rssKb = Number(
      /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.child.pid}/status`, "utf8"))?.[1] ?? 0,
    );
    // The unsent limit (32 MiB) and the process buffer (8 MiB) bound what the server holds.
    expect(rssKb).toBeLessThan(400 * 1024);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
  }, 60_000);
});
