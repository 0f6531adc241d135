// The app-server: routes each connection's messages to methods, answers errors the way the
// reference does, and runs requests concurrently (responses may come out of order).
import os from "node:os";
import { userAgent } from "../model/headers.js";
import { CLI_VERSION } from "../version.js";
import { ClientConnection, type Transport } from "./connection.js";
import { InitializeParamsSchema } from "./initialize-schema.js";
import {
  PARAMLESS_METHODS,
  REFERENCE_EXPERIMENTAL_METHODS,
  REFERENCE_METHODS,
} from "./reference-methods.js";
import {
  INTERNAL_ERROR,
  INVALID_REQUEST,
  RpcError,
  invalidRequest,
  parseIncoming,
  type RequestId,
} from "./rpc-core.js";
import { parseParams } from "./rpc.js";
import type { ServerMethods } from "./server-methods.js";
import type { ServerContext } from "./thread-registry.js";

/** The Codex app-server protocol version implemented; clients read the first version in userAgent. */
export const PROTOCOL_VERSION = "0.169.0";

export interface AppServerOptions extends ServerContext {
  codexHome: string;
  env: NodeJS.ProcessEnv;
}

export class AppServer {
  private loaded: ServerMethods | null = null;
  private loading: Promise<ServerMethods> | null = null;
  private readonly connections = new Set<ClientConnection>();

  constructor(private readonly opts: AppServerOptions) {}

  /**
   * The method table and thread registry. They load on first need, which is right after the
   * first `initialize` has been answered: a client asks for nothing else first, and that answer
   * then does not wait for the methods and the session code (bench/README.md).
   */
  private methodTable(): Promise<ServerMethods> {
    this.loading ??= import("./server-methods.js").then((m) => {
      this.loaded = m.createServerMethods(this.opts);
      return this.loaded;
    });
    return this.loading;
  }

  /** A new client on some transport; feed it messages with `receive`. */
  connect(transport: Transport): ClientConnection {
    const conn = new ClientConnection(transport);
    this.connections.add(conn);
    conn.onClose(() => {
      this.connections.delete(conn);
      // Its threads lose a subscriber; a thread nobody watches is interrupted and unloaded.
      for (const t of this.loaded?.threads.list() ?? []) {
        for (const [id, c] of t.legacyListeners) if (c === conn) t.legacyListeners.delete(id);
        if (t.subscribers.has(conn)) t.unsubscribe(conn);
      }
    });
    return conn;
  }

  /** Everything stops: connections close, turns are interrupted, rollouts flushed. */
  async shutdown(): Promise<void> {
    for (const c of [...this.connections]) c.close();
    // A table that failed to load has no threads to stop (its requests got -32603).
    const loaded = await this.loading?.catch(() => null);
    if (loaded) await loaded.threads.closeAll();
  }

  private readonly inFlight = new WeakMap<ClientConnection, Set<RequestId>>();

  receive(conn: ClientConnection, text: string): void {
    const msg = parseIncoming(text);
    // A line that is not a JSON-RPC message is ignored, as the reference ignores it.
    if (!msg) return;
    switch (msg.kind) {
      case "notification":
        return; // `initialized` and anything else: nothing to do.
      case "response":
        conn.requests.answer(msg.id, msg.result, false);
        return;
      case "error":
        conn.requests.answer(msg.id, msg.error, true);
        return;
      case "request":
        void this.request(conn, msg.id, msg.method, msg.params, msg.hasParams);
    }
  }

  private async request(
    conn: ClientConnection,
    id: RequestId,
    method: string,
    params: unknown,
    hasParams: boolean,
  ): Promise<void> {
    let flying = this.inFlight.get(conn);
    if (!flying) this.inFlight.set(conn, (flying = new Set()));
    if (flying.has(id)) {
      conn.error(
        id,
        INVALID_REQUEST,
        `Invalid request: request id ${JSON.stringify(id)} is already in use`,
      );
      return;
    }
    flying.add(id);
    try {
      conn.respond(id, await this.dispatch(conn, method, params, hasParams));
      // Once the answer is on its way (transports write on the next turn of the event loop).
      if (method === "initialize" && !this.loading)
        setImmediate(() => void this.methodTable().catch(() => undefined));
    } catch (e) {
      if (e instanceof RpcError) conn.error(id, e.code, e.message, e.data);
      else {
        this.opts.log(`app-server: ${method} failed: ${(e as Error).stack ?? String(e)}`);
        conn.error(id, INTERNAL_ERROR, `${method} failed: ${(e as Error).message}`);
      }
    } finally {
      flying.delete(id);
    }
  }

  private async dispatch(
    conn: ClientConnection,
    method: string,
    params: unknown,
    hasParams: boolean,
  ): Promise<unknown> {
    if (method === "initialize") {
      if (conn.initialized) throw invalidRequest("Already initialized");
      const p = parseParams(InitializeParamsSchema, params);
      conn.initialize(p);
      return {
        userAgent: this.userAgent(p.clientInfo),
        codexHome: this.opts.codexHome,
        platformFamily: process.platform === "win32" ? "windows" : "unix",
        platformOs: os.platform() === "darwin" ? "macos" : os.platform(),
      };
    }
    if (!conn.initialized) throw invalidRequest("Not initialized");
    const { methods } = await this.methodTable();
    const known = REFERENCE_METHODS.includes(method) || method in methods;
    if (!known) {
      const list = REFERENCE_METHODS.map((m) => `\`${m}\``).join(", ");
      throw invalidRequest(
        `Invalid request: unknown variant \`${method}\`, expected one of ${list}`,
      );
    }
    if (!hasParams && !PARAMLESS_METHODS.has(method)) {
      throw invalidRequest("Invalid request: missing field `params`");
    }
    if (REFERENCE_EXPERIMENTAL_METHODS.has(method) && !conn.experimentalApi) {
      throw invalidRequest(`${method} requires experimentalApi capability`);
    }
    const handler = methods[method];
    if (!handler) {
      throw invalidRequest(
        `\`${method}\` is not supported by codex-ts (see docs/app-server.md for what is)`,
      );
    }
    return handler(conn, params);
  }

  /** `codex-ts/0.169.0 (codex-ts 0.x; Debian 12; x86_64) xterm (client; 1.0)`. */
  private userAgent(client: { name: string; version: string }): string {
    const base = userAgent("codex-ts", PROTOCOL_VERSION, this.opts.env);
    const platform = /\(([^)]*)\)/.exec(base)?.[1] ?? process.platform;
    const terminal = this.opts.env.TERM?.trim() || "unknown";
    const ua = `codex-ts/${PROTOCOL_VERSION} (codex-ts ${CLI_VERSION}; ${platform}) ${terminal} (${client.name}; ${client.version})`;
    return ua.replace(/[^\x20-\x7e]/g, "_");
  }
}
