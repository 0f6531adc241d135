// `codex exec-server`: parse the listen URL and auth, start the transport, and shut every
// session's processes down on exit.
import { readFileSync, statSync } from "node:fs";
import { isAbsolute } from "node:path";
import { resolveCodexHome } from "../config/home.js";
import { isLoopback } from "../net/loopback.js";
import type { ExecServerFlags } from "../cli/commands/exec-server.js";
import { ExecServer } from "./server.js";
import { listenWebSocket, serveStdio } from "./transports.js";

const NOT_SUPPORTED: Record<string, string> = {
  wsTokenSha256: "--ws-token-sha256",
  wsSharedSecretFile: "--ws-shared-secret-file",
  wsIssuer: "--ws-issuer",
  wsAudience: "--ws-audience",
  wsMaxClockSkewSeconds: "--ws-max-clock-skew-seconds",
  remote: "--remote",
  remoteTransport: "--remote-transport",
  environmentId: "--environment-id",
  name: "--name",
  linuxSandboxPidNamespace: "--linux-sandbox-pid-namespace",
};

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(sig, () => resolve());
  });
}

function fail(message: string): number {
  process.stderr.write(`Error: ${message}\n`);
  return 2;
}

function readToken(file: string): string {
  if (!isAbsolute(file)) throw new Error(`--ws-token-file must be an absolute path: ${file}`);
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0) {
    throw new Error(
      `${file} is readable by other users (mode ${(mode | 0o600).toString(8)}); chmod 600 it`,
    );
  }
  const token = readFileSync(file, "utf8").trim();
  if (token.length < 16) throw new Error(`${file}: the token must be at least 16 characters`);
  return token;
}

export async function runExecServer(
  flags: ExecServerFlags & Record<string, unknown>,
): Promise<number> {
  for (const [key, flag] of Object.entries(NOT_SUPPORTED)) {
    if (flags[key] !== undefined) {
      return fail(`${flag} is not supported by codex-ts (it needs a Codex cloud service)`);
    }
  }
  const concurrentRequests = Number(flags.concurrentRequests);
  if (!Number.isInteger(concurrentRequests) || concurrentRequests < 1) {
    return fail(
      `--concurrent-requests must be a positive integer, got ${flags.concurrentRequests}`,
    );
  }
  if (flags.wsAuth === "signed-bearer-token") {
    return fail("--ws-auth signed-bearer-token is not supported by codex-ts; use capability-token");
  }
  const ttlSecs = Number(flags.sessionTtlSecs ?? 80);
  if (!Number.isFinite(ttlSecs) || ttlSecs < 0) {
    return fail(`--session-ttl-secs must be a number of seconds, got ${flags.sessionTtlSecs}`);
  }
  const server = new ExecServer({
    codexHome: resolveCodexHome(),
    concurrentRequests,
    detachedTtlMs: ttlSecs * 1000,
    // One line per handshake, so an operator (and the tests) can see sessions come and go.
    onInitialize: (id, resumed) =>
      process.stderr.write(`exec-server: session ${id} ${resumed ? "resumed" : "started"}\n`),
  });
  const shutdown = () => server.shutdown();
  process.once("exit", shutdown);

  if (flags.listen === "stdio" || flags.listen === "stdio://") {
    // The client owns this process: stdin closing or a signal ends it, with every process it ran.
    await Promise.race([serveStdio(server), stopSignal()]);
    shutdown();
    return 0;
  }
  let url: URL;
  try {
    url = new URL(flags.listen);
  } catch {
    return fail(`--listen must be ws://IP:PORT, stdio or stdio://, got ${flags.listen}`);
  }
  if (url.protocol !== "ws:" || !url.hostname) {
    return fail(`--listen must be ws://IP:PORT, stdio or stdio://, got ${flags.listen}`);
  }
  let token: string | undefined;
  if (flags.wsAuth === "capability-token") {
    if (!flags.wsTokenFile) return fail("--ws-auth capability-token needs --ws-token-file PATH");
    try {
      token = readToken(flags.wsTokenFile);
    } catch (e) {
      return fail((e as Error).message);
    }
  } else if (flags.wsTokenFile) {
    return fail("--ws-token-file needs --ws-auth capability-token");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!isLoopback(url.hostname) && !isLoopback(host) && token === undefined) {
    return fail(
      `refusing to listen on ${url.hostname} without authentication: anyone who can reach it could run commands as you. Use --ws-auth capability-token --ws-token-file PATH, or listen on 127.0.0.1`,
    );
  }
  let listening: Awaited<ReturnType<typeof listenWebSocket>>;
  try {
    listening = await listenWebSocket(server, { host, port: Number(url.port || 0), token });
  } catch (e) {
    return fail(`cannot listen on ${flags.listen}: ${(e as Error).message}`);
  }
  process.stdout.write(`${listening.url}\n`);
  const stdinClosed = new Promise<void>((resolve) => {
    if (!flags.exitOnStdinClose) return;
    process.stdin.resume();
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
  });
  await Promise.race([stopSignal(), stdinClosed]);
  shutdown();
  await listening.close();
  return 0;
}
