// Transports for the exec-server: a websocket (one JSON message per text frame, plus the
// /readyz probe) and stdio (one JSON message per line).
import { createServer, type IncomingMessage as HttpRequest } from "node:http";
import { createInterface } from "node:readline";
import { timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { ExecServer } from "./server.js";

/** A client whose unsent output exceeds this is not reading; it is disconnected (detached). */
export const MAX_UNSENT_BYTES = 32 * 1024 * 1024;
/** Largest message accepted from a client. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A connection that answers no ping for this long is dropped (half-open sockets). */
export const PING_INTERVAL_MS = 10_000;

export interface WsListenOptions {
  host: string;
  port: number;
  /** Required capability token (`Authorization: Bearer <token>`), if any. */
  token?: string;
}

function tokenMatches(req: HttpRequest, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function listenWebSocket(
  server: ExecServer,
  opts: WsListenOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const { WebSocketServer } = await import("ws");
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const http = createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    } else if (req.url === "/healthz") {
      res.writeHead(404).end();
    } else {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("Connection header did not include 'upgrade'");
    }
  });
  http.on("upgrade", (req, socket, head) => {
    if (!tokenMatches(req, opts.token)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let alive = true;
      const conn = server.connect({
        send: (msg) => {
          if (ws.bufferedAmount > MAX_UNSENT_BYTES) {
            // A client that reads nothing would not read a close frame either: drop it. Its
            // session detaches; output keeps buffering (bounded) for a resume.
            if (ws.readyState === ws.OPEN) {
              process.stderr.write(
                "exec-server: dropped a client that is not reading its messages\n",
              );
              ws.terminate();
            }
            return;
          }
          ws.send(JSON.stringify(msg));
        },
      });
      const ping = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, PING_INTERVAL_MS);
      ws.on("pong", () => (alive = true));
      ws.on("message", (data, isBinary) => {
        if (isBinary) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          return; // A malformed message is ignored, as the reference does.
        }
        conn.receive(parsed);
      });
      ws.on("close", () => {
        clearInterval(ping);
        conn.close();
      });
      ws.on("error", () => undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port, opts.host, () => resolve());
  });
  const addr = http.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `ws://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        http.close(() => resolve());
      }),
  };
}

/** Serves one connection on stdin/stdout; resolves when stdin closes. */
export function serveStdio(server: ExecServer): Promise<void> {
  const conn = server.connect({
    send: (msg) => process.stdout.write(JSON.stringify(msg) + "\n"),
  });
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (line.length > MAX_MESSAGE_BYTES) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    conn.receive(parsed);
  });
  return new Promise((resolve) =>
    rl.once("close", () => {
      conn.close();
      resolve();
    }),
  );
}
