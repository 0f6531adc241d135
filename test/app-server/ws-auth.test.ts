// `--ws-auth capability-token` on the websocket transport: the bearer token on the upgrade is
// required (from a 0600 token file or its SHA-256), wrong or missing tokens get 401, and binding
// beyond loopback needs it. Flag mistakes are refused before anything listens.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLI, useMockWorkspace, type Workspace } from "../harness.js";
import { schemaProblems } from "./schema.js";

let ws: Workspace;
let server: ChildProcess | null = null;
const TOKEN = "capability-token-0123456789abcdef";

useMockWorkspace((_m, w) => {
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

/** Runs `codex app-server ARGS`: the banner once it listens, or the exit code and stderr. */
function run(args: string[]): Promise<{ banner: string } | { code: number | null; err: string }> {
  const child = spawn(process.execPath, [CLI, "app-server", ...args], {
    cwd: ws.work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CODEX_HOME: ws.home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  let err = "";
  return new Promise((resolve) => {
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      if (err.includes("listening on")) resolve({ banner: err });
    });
    child.once("exit", (code) => resolve({ code, err }));
  });
}

function tokenFile(mode = 0o600): string {
  const file = path.join(ws.home, `ws-token-${mode.toString(8)}`);
  writeFileSync(file, `${TOKEN}\n`);
  chmodSync(file, mode);
  return file;
}

/** Opens a websocket with the given Authorization header; the HTTP status when refused. */
function open(url: string, auth?: string): Promise<WebSocket | number> {
  const socket = new WebSocket(url, auth ? { headers: { authorization: auth } } : {});
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.once("error", reject);
  });
}

async function initialize(socket: WebSocket): Promise<Record<string, unknown>> {
  const reply = new Promise<Record<string, unknown>>((resolve) =>
    socket.once("message", (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)),
  );
  socket.send(
    JSON.stringify({
      id: 1,
      method: "initialize",
      params: { clientInfo: { name: "t", version: "1" } },
    }),
  );
  return reply;
}

describe("websocket capability-token authentication", () => {
  it("admits only clients presenting the token from --ws-token-file", async () => {
    const started = await run([
      "--listen",
      "ws://127.0.0.1:0",
      "--ws-auth",
      "capability-token",
      "--ws-token-file",
      tokenFile(),
    ]);
    if (!("banner" in started)) throw new Error(started.err);
    expect(started.banner).toContain("Authorization: Bearer");
    const url = /listening on (ws:\/\/\S+)/.exec(started.banner)![1]!;
    expect(await open(url)).toBe(401);
    expect(await open(url, "Bearer wrong-token-wrong-token-wrong")).toBe(401);
    expect(await open(url, TOKEN)).toBe(401);
    // Health probes stay open: they reveal nothing and orchestrators need them.
    expect((await fetch(`${url.replace("ws:", "http:")}/readyz`)).status).toBe(200);
    const socket = await open(url, `Bearer ${TOKEN}`);
    if (typeof socket === "number") throw new Error(`refused: ${socket}`);
    const reply = await initialize(socket);
    expect(schemaProblems(reply, () => "initialize")).toEqual([]);
    expect((reply.result as { codexHome: string }).codexHome).toBe(ws.home);
    socket.close();
  });

  it("accepts the token's SHA-256 instead of the file, and binds beyond loopback with auth", async () => {
    const digest = createHash("sha256").update(TOKEN).digest("hex");
    const started = await run([
      "--listen",
      "ws://0.0.0.0:0",
      "--ws-auth",
      "capability-token",
      "--ws-token-sha256",
      digest,
    ]);
    if (!("banner" in started)) throw new Error(started.err);
    const port = /listening on ws:\/\/0\.0\.0\.0:(\d+)/.exec(started.banner)![1]!;
    const url = `ws://127.0.0.1:${port}`;
    expect(await open(url, "Bearer nope")).toBe(401);
    const socket = await open(url, `Bearer ${TOKEN}`);
    if (typeof socket === "number") throw new Error(`refused: ${socket}`);
    socket.close();
  });

  it("refuses bad auth flags with a message naming the flag", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--ws-auth", "capability-token"], /needs --ws-token-file PATH or --ws-token-sha256/],
      [
        ["--ws-auth", "capability-token", "--ws-token-file", "rel/token"],
        /must be an absolute path/,
      ],
      [["--ws-auth", "capability-token", "--ws-token-file", tokenFile(0o644)], /chmod 600/],
      [["--ws-auth", "capability-token", "--ws-token-sha256", "abc"], /64 hex digits/],
      [["--ws-auth", "signed-bearer-token"], /signed-bearer-token is not supported by codex-ts/],
      [["--ws-token-file", tokenFile()], /need --ws-auth capability-token/],
    ];
    for (const [args, message] of cases) {
      const r = await run(["--listen", "ws://127.0.0.1:0", ...args]);
      expect(r).toMatchObject({ code: 2 });
      expect("err" in r ? r.err : "").toMatch(message);
      expect("err" in r ? r.err : "").not.toMatch(/\n\s+at /);
    }
  });
});
