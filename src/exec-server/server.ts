// The exec-server core, independent of transport: sessions, the initialize handshake, and the
// dispatch of each connection's requests (at most `concurrentRequests` at a time, as the
// reference's --concurrent-requests). A transport feeds it parsed messages and a send function.
import { homedir, tmpdir } from "node:os";
import { CLI_VERSION } from "../version.js";
import { fsMethods } from "./fs-methods.js";
import { processMethods, type MethodContext } from "./process-methods.js";
import { ErrorCode, IncomingMessage, InitializeParams, RpcError, parseParams } from "./protocol.js";
import { DEFAULT_DETACHED_TTL_MS, ExecSession } from "./session.js";
import { pathToUri } from "./uri.js";

/** The Codex exec-server protocol version we speak; clients compare it. */
export const EXECUTOR_PROTOCOL_VERSION = "0.169.0";

export interface ExecServerOptions {
  codexHome: string;
  cwd?: string;
  concurrentRequests?: number;
  detachedTtlMs?: number;
  /** Counts handshakes, for tests and the doctor report. */
  onInitialize?: (sessionId: string, resumed: boolean) => void;
}

export interface Connection {
  send(message: unknown): void;
}

export function environmentInfo(cwd: string): Record<string, unknown> {
  const tmp = process.env.TMPDIR || tmpdir();
  const shellPath = process.env.SHELL || "/bin/bash";
  return {
    shell: { name: shellPath.split("/").pop() ?? "bash", path: shellPath },
    executorVersion: EXECUTOR_PROTOCOL_VERSION,
    executorImplementation: `codex-ts ${CLI_VERSION}`,
    cwd: pathToUri(cwd),
    userHomeDir: pathToUri(homedir()),
    platformOs: process.platform === "darwin" ? "macos" : process.platform,
    prependPathDirs: [],
    temporaryDirectories: [pathToUri(tmp)],
    tempDir: pathToUri(tmp),
    capabilities: { sandboxedFileStreaming: false, fileWriteStreaming: false },
  };
}

export class ExecServer {
  readonly sessions = new Map<string, ExecSession>();
  private readonly cwd: string;

  constructor(readonly options: ExecServerOptions) {
    this.cwd = options.cwd ?? process.cwd();
  }

  /** Starts serving one connection; call the returned functions as messages arrive / on close. */
  connect(conn: Connection): { receive(raw: unknown): void; close(): void } {
    let session: ExecSession | null = null;
    let closed = false;
    const limit = Math.max(1, this.options.concurrentRequests ?? 1);
    let running = 0;
    const queue: Array<() => Promise<void>> = [];
    const pump = () => {
      while (running < limit && queue.length > 0) {
        running++;
        void queue.shift()!().finally(() => {
          running--;
          pump();
        });
      }
    };
    const send = (msg: unknown) => {
      if (!closed) conn.send(msg);
    };

    const handle = async (msg: IncomingMessage) => {
      const after: Array<() => void> = [];
      try {
        const result = await this.dispatch(msg, {
          session: () => session,
          setSession: (s) => (session = s),
          attachment: { notify: (method, params) => send({ method, params }) },
          afterReply: (fn) => after.push(fn),
        });
        if (msg.id !== undefined) send({ id: msg.id, result });
      } catch (e) {
        const err = e instanceof RpcError ? e : new RpcError(ErrorCode.Internal, String(e));
        if (msg.id !== undefined)
          send({ id: msg.id, error: { code: err.code, message: err.message } });
      }
      for (const fn of after) fn();
    };

    return {
      receive: (raw) => {
        const parsed = IncomingMessage.safeParse(raw);
        // A response or a malformed message from the client is ignored, as the reference does.
        if (!parsed.success) return;
        queue.push(() => handle(parsed.data));
        pump();
      },
      close: () => {
        closed = true;
        const s = session;
        if (s && s.attachment) {
          s.detach(this.options.detachedTtlMs ?? DEFAULT_DETACHED_TTL_MS, () =>
            this.sessions.delete(s.id),
          );
        }
      },
    };
  }

  private async dispatch(
    msg: IncomingMessage,
    conn: {
      session(): ExecSession | null;
      setSession(s: ExecSession): void;
      attachment: { notify(method: string, params: unknown): void };
      afterReply(fn: () => void): void;
    },
  ): Promise<unknown> {
    if (msg.method === "initialize") {
      if (conn.session()) throw new RpcError(ErrorCode.InvalidRequest, "already initialized");
      const p = parseParams(InitializeParams, msg.params);
      let session: ExecSession;
      if (p.resumeSessionId) {
        const found = this.sessions.get(p.resumeSessionId);
        if (!found)
          throw new RpcError(ErrorCode.InvalidRequest, `unknown session id ${p.resumeSessionId}`);
        if (found.attachment) {
          throw new RpcError(
            ErrorCode.SessionAttached,
            `session ${found.id} is already attached to another connection`,
          );
        }
        session = found;
      } else {
        session = new ExecSession();
        this.sessions.set(session.id, session);
      }
      session.attach(conn.attachment);
      conn.setSession(session);
      this.options.onInitialize?.(session.id, Boolean(p.resumeSessionId));
      return { sessionId: session.id, environmentInfo: environmentInfo(this.cwd) };
    }
    if (msg.method === "initialized") return {};
    const session = conn.session();
    if (!session) {
      throw new RpcError(
        ErrorCode.InvalidRequest,
        "client must call initialize before using exec methods",
      );
    }
    if (msg.method === "environment/info") return environmentInfo(this.cwd);
    const ctx: MethodContext = {
      session,
      codexHome: this.options.codexHome,
      afterReply: conn.afterReply,
    };
    const proc = processMethods[msg.method];
    if (proc) return proc(msg.params, ctx);
    const fs = fsMethods[msg.method];
    if (fs) return fs(msg.params, this.options.codexHome);
    throw new RpcError(
      ErrorCode.MethodNotFound,
      `exec-server does not implement \`${msg.method}\` in codex-ts`,
    );
  }

  /** Kills every process of every session (server shutdown). */
  shutdown(): void {
    for (const s of this.sessions.values()) s.shutdown();
    this.sessions.clear();
  }
}
