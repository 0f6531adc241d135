// `codex app-server`: picks the transport from --listen and runs until the client (stdio) or a
// signal (sockets) ends it. Every thread is interrupted and flushed before the process exits.
import { resolveCodexHome } from "../config/home.js";
import type { AppServerFlags } from "../cli/app-server.js";
import { stderrLog } from "../session/log.js";
import { AppServer } from "./server.js";
import { serveStdio } from "./stdio.js";
import type { WsAuth } from "./ws-auth.js";

type Listen =
  | { kind: "stdio" }
  | { kind: "off" }
  | { kind: "ws"; host: string; port: number }
  | { kind: "unix"; path: string | null };

export function parseListen(value: string): Listen | string {
  if (value === "stdio://" || value === "stdio") return { kind: "stdio" };
  if (value === "off") return { kind: "off" };
  if (value.startsWith("unix://")) return { kind: "unix", path: value.slice(7) || null };
  const ws = /^ws:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(value);
  if (ws) return { kind: "ws", host: ws[1]!, port: Number(ws[2]) };
  return `invalid --listen value ${JSON.stringify(value)}: expected stdio://, unix://, unix://PATH, ws://IP:PORT or off`;
}

function rawOverrides(flags: AppServerFlags): string[] {
  return [
    ...(flags.config ?? []),
    ...(flags.enable ?? []).map((f) => `features.${f}=true`),
    ...(flags.disable ?? []).map((f) => `features.${f}=false`),
  ];
}

export async function runAppServer(flags: AppServerFlags): Promise<number> {
  const listen = parseListen(flags.stdio ? "stdio://" : flags.listen);
  if (typeof listen === "string") {
    process.stderr.write(`error: ${listen}\n`);
    return 2;
  }
  if (listen.kind === "off") return 0;
  let auth: WsAuth = null;
  try {
    // Token checks (node:crypto) load only when a websocket option asks for them.
    if (flags.wsAuth !== undefined || flags.wsTokenFile || flags.wsTokenSha256)
      auth = (await import("./ws-auth.js")).wsAuthFrom(flags);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 2;
  }
  const codexHome = resolveCodexHome(process.env);
  const server = new AppServer({
    cwd: process.cwd(),
    codexHome,
    env: process.env,
    rawOverrides: rawOverrides(flags),
    log: stderrLog,
  });
  // A client waits first for `initialize`, then for its first thread. The protocol's schemas
  // (zod) load before the first answer, the thread and session code right after it
  // (./server.ts), which splits start-up between the two waits (bench/README.md: spawn →
  // initialize 0.29×, thread/start → first request 0.37× the reference's; all before: 0.5×, 0.2×).
  await import("./schemas.js");
  if (listen.kind === "stdio") {
    await serveStdio(server);
    await stopAll(server);
    return 0;
  }
  // Sockets (node:net, node:http, ws) load only when the server listens on one.
  const { defaultSocketPath, isLoopback, listenUnix, listenWebSocket } =
    await import("./sockets.js");
  if (listen.kind === "ws" && !isLoopback(listen.host) && !auth) {
    process.stderr.write(
      `error: refusing to listen on ${listen.host} without authentication: anyone who can reach it could run commands as you. Use --ws-auth capability-token --ws-token-file PATH, or listen on 127.0.0.1\n`,
    );
    return 2;
  }
  let listening;
  try {
    listening =
      listen.kind === "ws"
        ? await listenWebSocket(server, listen.host, listen.port, auth)
        : await listenUnix(server, listen.path ?? defaultSocketPath(codexHome));
  } catch (e) {
    process.stderr.write(`error: cannot listen on ${flags.listen}: ${(e as Error).message}\n`);
    return 1;
  }
  if (listen.kind === "ws") {
    const http = listening.url.replace(/^ws:/, "http:");
    process.stderr.write(
      `codex app-server listening on ${listening.url}\n  readyz: ${http}/readyz\n  healthz: ${http}/healthz\n  ${auth ? "clients authenticate with Authorization: Bearer <token>" : "binds localhost only"}\n`,
    );
  } else {
    process.stderr.write(`codex app-server listening on ${listening.url}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await listening.close();
  await stopAll(server);
  return 0;
}

/**
 * Interrupt every turn and flush every rollout. Some of that waits on unref'd timers (the grace
 * given to interrupted tools), so the process is held open until it is done.
 */
async function stopAll(server: AppServer): Promise<void> {
  const hold = setInterval(() => undefined, 1000);
  try {
    await server.shutdown();
  } finally {
    clearInterval(hold);
  }
}
