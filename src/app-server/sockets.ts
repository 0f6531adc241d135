// The websocket (`ws://IP:PORT`) and unix-socket (`unix://[PATH]`) transports. Both serve many
// clients at once; every client shares the server's threads.
import { createServer as createHttpServer } from "node:http";
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { createServer as createNetServer, Socket } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import type { AppServer } from "./server.js";
import { lineWriter } from "./stdio.js";
import { authorized, type WsAuth } from "./ws-auth.js";

export interface Listening {
  /** Where clients connect (resolved port or socket path). */
  url: string;
  close(): Promise<void>;
}

export { isLoopback } from "../net/loopback.js";

export async function listenWebSocket(
  server: AppServer,
  host: string,
  port: number,
  auth: WsAuth = null,
): Promise<Listening> {
  const { WebSocketServer } = await import("ws");
  const wss = new WebSocketServer({ noServer: true });
  const http = createHttpServer((req, res) => {
    if (req.method === "GET" && (req.url === "/readyz" || req.url === "/healthz")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    res.writeHead(400, { "content-type": "text/plain" }).end("expected a websocket upgrade\n");
  });
  http.on("upgrade", (req, socket, head) => {
    if (!authorized(req, auth)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = server.connect({
        send: (text) => ws.send(text),
        close: () => ws.close(),
      });
      ws.on("message", (data, isBinary) => {
        if (!isBinary) server.receive(conn, data.toString("utf8"));
      });
      ws.on("close", () => conn.close());
      ws.on("error", () => conn.close());
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host.replace(/^\[|\]$/g, ""), () => resolve());
  });
  const addr = http.address();
  const bound = typeof addr === "object" && addr ? addr.port : port;
  const url = `ws://${host}:${bound}`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        http.close(() => resolve());
      }),
  };
}

/** The reference's default control socket path. */
export function defaultSocketPath(codexHome: string): string {
  return path.join(codexHome, "app-server-control", "app-server-control.sock");
}

export async function listenUnix(server: AppServer, socketPath: string): Promise<Listening> {
  const dir = path.dirname(socketPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A socket file left by a server that died would make listen fail with EADDRINUSE.
  if (await isStale(socketPath)) rmSync(socketPath, { force: true });
  const net = createNetServer((socket: Socket) => {
    const out = lineWriter((text) => {
      if (!socket.destroyed) socket.write(text);
    });
    const conn = server.connect({
      send: (text) => out.send(text),
      close: () => {
        out.flush();
        socket.end();
      },
    });
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (line.trim() !== "") server.receive(conn, line);
    });
    socket.on("close", () => conn.close());
    socket.on("error", () => conn.close());
  });
  await new Promise<void>((resolve, reject) => {
    net.once("error", reject);
    net.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    url: `unix://${socketPath}`,
    close: () =>
      new Promise((resolve) => {
        net.close(() => {
          rmSync(socketPath, { force: true });
          resolve();
        });
      }),
  };
}

function isStale(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
    s.connect(socketPath);
  });
}
