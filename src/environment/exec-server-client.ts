// A client of `codex exec-server`, over a websocket or over the stdio of a child process. One
// client is one server session: it never resumes (seed 003 leaves reconnection to a fresh
// client, see lazy-client.ts). Work attached to a client whose transport closed fails with
// ExecServerDisconnectedError, naming the disconnect.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export class ExecServerDisconnectedError extends Error {
  override readonly name = "ExecServerDisconnectedError";
}

export class ExecServerRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type TransportKind = "websocket" | "stdio";

export interface ExecServerClientOptions {
  /** `ws://host:port`, or `stdio:` followed by a command line run with `sh -c`. */
  url: string;
  token?: string;
  clientName?: string;
  /** Half-open detection: a websocket that answers no ping within this is closed. */
  pingIntervalMs?: number;
  /** W3C trace context to send with the upgrade request. */
  traceparent?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export type NotificationHandler = (method: string, params: Record<string, unknown>) => void;

export class ExecServerClient {
  sessionId = "";
  environmentInfo: Record<string, unknown> = {};
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private handlers = new Set<NotificationHandler>();
  private closeHandlers = new Set<(reason: string) => void>();
  private closedReason: string | null = null;
  private sendRaw: (text: string) => void = () => undefined;
  private shutdown: () => void = () => undefined;

  private constructor(readonly transport: TransportKind) {}

  static async connect(opts: ExecServerClientOptions): Promise<ExecServerClient> {
    const isStdio = opts.url.startsWith("stdio:");
    const client = new ExecServerClient(isStdio ? "stdio" : "websocket");
    if (isStdio) client.attachChild(opts.url.slice("stdio:".length).replace(/^\/\//, ""));
    else await client.attachWebSocket(opts);
    const init = (await client.request("initialize", {
      clientName: opts.clientName ?? "codex-ts",
    })) as { sessionId: string; environmentInfo: Record<string, unknown> };
    client.sessionId = init.sessionId;
    client.environmentInfo = init.environmentInfo;
    client.notify("initialized", {});
    return client;
  }

  private async attachWebSocket(opts: ExecServerClientOptions): Promise<void> {
    const { WebSocket } = await import("ws");
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.traceparent) headers.traceparent = opts.traceparent;
    const ws = new WebSocket(opts.url, { headers, maxPayload: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", (e) =>
        reject(
          new ExecServerDisconnectedError(
            `cannot connect to exec-server at ${opts.url}: ${e.message}`,
          ),
        ),
      );
      ws.once("unexpected-response", (_req, res) =>
        reject(
          new ExecServerDisconnectedError(
            `exec-server at ${opts.url} refused the connection (HTTP ${res.statusCode}${res.statusCode === 401 ? ": wrong or missing token" : ""})`,
          ),
        ),
      );
    });
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, opts.pingIntervalMs ?? 10_000);
    ping.unref();
    ws.on("pong", () => (alive = true));
    ws.on("message", (data, isBinary) => {
      if (!isBinary) this.receive(data.toString());
    });
    ws.on("error", () => undefined);
    ws.on("close", (code) => {
      clearInterval(ping);
      this.markClosed(`exec-server connection to ${opts.url} closed (code ${code})`);
    });
    this.sendRaw = (text) => ws.send(text);
    this.shutdown = () => ws.terminate();
  }

  private attachChild(command: string): void {
    const child: ChildProcess = spawn("sh", ["-c", command], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    child.on("error", (e) => this.markClosed(`exec-server command failed: ${e.message}`));
    child.stdin!.on("error", () => undefined);
    const rl = createInterface({ input: child.stdout! });
    rl.on("line", (line) => this.receive(line));
    rl.on("close", () => this.markClosed(`exec-server process (${command}) exited`));
    this.sendRaw = (text) => child.stdin!.write(text + "\n");
    // Closing stdin is the polite stop; the signal covers a server that is stuck.
    this.shutdown = () => {
      child.stdin!.end();
      setTimeout(() => child.kill("SIGTERM"), 2000).unref();
    };
  }

  private receive(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const obj = msg as Record<string, unknown>;
    if (typeof obj.method === "string") {
      for (const h of this.handlers) h(obj.method, (obj.params ?? {}) as Record<string, unknown>);
      return;
    }
    // A reply to one of our requests; anything else from the server is ignored.
    if (typeof obj.id !== "number") return;
    const pending = this.pending.get(obj.id);
    if (!pending) return;
    this.pending.delete(obj.id);
    const error = obj.error as { code?: unknown; message?: unknown } | undefined;
    if (error && typeof error === "object") {
      const code = typeof error.code === "number" ? error.code : -32603;
      pending.reject(new ExecServerRequestError(code, String(error.message ?? "unknown error")));
    } else pending.resolve(obj.result ?? {});
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const p of this.pending.values()) p.reject(new ExecServerDisconnectedError(reason));
    this.pending.clear();
    for (const h of this.closeHandlers) h(reason);
  }

  /** True once the transport closed; such a client never works again. */
  get isClosed(): boolean {
    return this.closedReason !== null;
  }

  get closeReason(): string | null {
    return this.closedReason;
  }

  request(method: string, params: unknown): Promise<unknown> {
    if (this.closedReason !== null) {
      return Promise.reject(new ExecServerDisconnectedError(this.closedReason));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.sendRaw(JSON.stringify({ id, method, params }));
    });
  }

  notify(method: string, params: unknown): void {
    if (this.closedReason === null) this.sendRaw(JSON.stringify({ method, params }));
  }

  onNotification(handler: NotificationHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  onClose(handler: (reason: string) => void): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  close(): void {
    this.shutdown();
    this.markClosed("exec-server client closed");
  }
}
