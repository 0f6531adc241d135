// The exec-server client a session holds, with seed 003's reconnect rules (B9.18–B9.23):
// - the current client is cached, and one connect lock serialises connecting;
// - a connected client is reused;
// - a websocket client that saw its transport close is replaced by a brand-new client with a
//   brand-new server session, and concurrent callers after a disconnect share that one
//   replacement (single flight);
// - a stdio client stays one-shot: the dead client is returned and later work surfaces its
//   disconnect error.
// Deliberately absent: resumeSessionId from this side, backoff, retry or replay, and rebinding
// of process handles that belonged to the dead connection (those fail loudly instead).
import { activeTraceparent } from "../telemetry/hooks.js";
import { ExecServerClient, type ExecServerClientOptions } from "./exec-server-client.js";

export class LazyRemoteExecServerClient {
  private current: ExecServerClient | null = null;
  private connecting: Promise<ExecServerClient> | null = null;

  constructor(
    private readonly options: ExecServerClientOptions,
    private readonly connect: (
      opts: ExecServerClientOptions,
    ) => Promise<ExecServerClient> = ExecServerClient.connect,
  ) {}

  async get(): Promise<ExecServerClient> {
    const cached = this.current;
    if (cached && (!cached.isClosed || cached.transport === "stdio")) return cached;
    // Single flight: whoever arrives while a connect is under way waits for that one.
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      try {
        // A connection made during a traced turn continues its trace (W3C trace context).
        const traceparent = this.options.traceparent ?? activeTraceparent();
        const fresh = await this.connect({ ...this.options, traceparent });
        this.current = fresh;
        return fresh;
      } finally {
        this.connecting = null;
      }
    })();
    return this.connecting;
  }

  /** The client in use, if any, without connecting. */
  peek(): ExecServerClient | null {
    return this.current;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}
