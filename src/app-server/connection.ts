// One client connection, whatever the transport: its initialize state, notification opt-outs,
// the requests the server sent it, and the framing of everything written to it.
import type { z } from "zod";
import type { InitializeParamsSchema } from "./initialize-schema.js";
import type { RequestId } from "./rpc-core.js";
import { ServerRequests } from "./server-requests.js";

/** A bidirectional message channel: stdio lines, a websocket, a unix socket. */
export interface Transport {
  send(text: string): void;
  close(): void;
}

export type InitializeParams = z.infer<typeof InitializeParamsSchema>;

let nextConnectionId = 0;

export class ClientConnection {
  readonly id = nextConnectionId++;
  initialized = false;
  experimentalApi = false;
  clientInfo: InitializeParams["clientInfo"] | null = null;
  private optOut = new Set<string>();
  private closedFlag = false;
  private readonly closeListeners: Array<() => void> = [];
  readonly requests: ServerRequests;
  /** Observes every message written (tests and tracing); never throws into the server. */
  onSend?: (message: Record<string, unknown>) => void;

  constructor(private readonly transport: Transport) {
    this.requests = new ServerRequests({
      send: (m) => this.send(m),
      notify: (method, params) => this.notify(method, params),
    });
  }

  initialize(params: InitializeParams): void {
    this.initialized = true;
    this.clientInfo = params.clientInfo;
    this.experimentalApi = params.capabilities?.experimentalApi ?? false;
    this.optOut = new Set(params.capabilities?.optOutNotificationMethods ?? []);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(message: Record<string, unknown>): void {
    if (this.closedFlag) return;
    this.onSend?.(message);
    this.transport.send(JSON.stringify(message));
  }

  respond(id: RequestId, result: unknown): void {
    this.send({ id, result });
  }

  error(id: RequestId, code: number, message: string, data?: unknown): void {
    this.send({ error: data === undefined ? { code, message } : { code, message, data }, id });
  }

  /** A notification with its emission time, unless the client opted out of the method. */
  notify(method: string, params: Record<string, unknown>): void {
    if (this.optOut.has(method)) return;
    this.send({ method, params, emittedAtMs: Date.now() });
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The transport went away (or the server is stopping): settle everything tied to it. */
  close(): void {
    if (this.closedFlag) return;
    // Nobody can read serverRequest/resolved any more; the replies still settle their turns.
    this.closedFlag = true;
    this.requests.cancel();
    for (const l of this.closeListeners) l();
    this.transport.close();
  }
}
