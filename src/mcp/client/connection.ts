// One live connection to a configured MCP server, over stdio or streamable HTTP, on the official
// SDK. The SDK is imported only here and only when a connection opens, so sessions without MCP
// servers never load it.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type {
  CallToolResult,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../../config/types.js";
import { signalProcessTree } from "../../exec/process-group.js";
import { trackProcess, type TrackedProcess } from "../../exec/resource-scope.js";
import {
  CLIENT_CAPABILITIES,
  installElicitationHandler,
  type ElicitationDeps,
} from "./elicitation.js";
import type { CredentialsStore } from "./oauth-store.js";
import { formatSeconds } from "./startup-errors.js";
import { ElicitationClock, startDeadline } from "./tool-deadline.js";
import { createTransport, type StderrTail } from "./transport.js";

export interface ConnectDeps {
  /** codex's environment: the source of allowlisted variables, `env_vars` and bearer tokens. */
  env: NodeJS.ProcessEnv;
  /** Where stdio servers run when they have no `cwd`. */
  cwd: string;
  clientVersion: string;
  log: (message: string) => void;
  /** Stored OAuth logins (`codex mcp login`); HTTP servers with one use and refresh it. */
  oauthStore?: CredentialsStore;
  /** Who answers the servers' `elicitation/create` (read when a request arrives). */
  elicitation?: () => ElicitationDeps;
}

export interface CallProgress {
  progress: number;
  total?: number;
  message?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (p: CallProgress) => void;
}

/** A call that did not produce a result; `message` is written for the model and the user. */
export class McpCallError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "closed" | "aborted" | "failed",
  ) {
    super(message);
    this.name = "McpCallError";
  }
}

/** How long a stdio server gets to exit after its stdin closes before it is sent SIGTERM. */
const EXIT_GRACE_MS = 300;
const MCP_REQUEST_TIMEOUT = -32001;
/** Tool calls are timed by `startDeadline`; the SDK's own timer is effectively off. */
const NO_SDK_TIMEOUT_MS = 2_147_483_647;
const MCP_CONNECTION_CLOSED = -32000;

function errorCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}

export class McpConnection {
  tools: Tool[] = [];
  /** Why the connection is gone (set once the server exits or the transport fails). */
  private closedReason: string | null = null;
  private closing: Promise<void> | null = null;
  /** Questions the server has open with the user; tool deadlines pause meanwhile. */
  private readonly elicitClock = new ElicitationClock();
  /** The stdio server's process in the session's resource scope (ended with the session). */
  private tracked: TrackedProcess | null = null;

  private constructor(
    readonly name: string,
    private readonly config: McpServerConfig,
    private readonly client: Client,
    private readonly transport: Transport,
    private readonly stderr: StderrTail | null,
    private readonly pid: () => number | null,
  ) {}

  /**
   * Spawn or reach the server, initialize, and list its tools, all within `signal` (the startup
   * timeout). Rejects with an Error whose message is the failure's description.
   */
  static async open(
    name: string,
    config: McpServerConfig,
    deps: ConnectDeps,
    signal: AbortSignal,
  ): Promise<McpConnection> {
    const [{ Client }, transport] = await Promise.all([
      import("@modelcontextprotocol/sdk/client/index.js"),
      createTransport(name, config, deps),
    ]);
    const client = new Client(
      { name: "codex-mcp-client", title: "Codex", version: deps.clientVersion },
      { capabilities: CLIENT_CAPABILITIES },
    );
    const conn = new McpConnection(
      name,
      config,
      client,
      transport.transport,
      transport.stderr,
      transport.pid,
    );
    await installElicitationHandler(
      client,
      name,
      deps.elicitation ?? (() => ({ policy: "decline", log: deps.log })),
      conn.elicitClock,
    );
    client.onclose = () => {
      conn.closedReason ??= conn.describeExit();
      conn.tracked?.exited();
    };
    client.onerror = (e) => deps.log(`MCP server \`${name}\`: ${e.message}`);
    try {
      const timeout = config.startupTimeoutSec * 1000;
      const connecting = client.connect(transport.transport, { signal, timeout });
      conn.track();
      await raceAbort(connecting, signal);
      conn.track();
      conn.tools = await raceAbort(listAllTools(client, signal, timeout), signal);
    } catch (e) {
      conn.track();
      void conn.close();
      throw new Error(conn.startupFailure(e, signal), { cause: e });
    }
    return conn;
  }

  get alive(): boolean {
    return this.closedReason === null;
  }

  get capabilities(): ServerCapabilities {
    return this.client.getServerCapabilities() ?? {};
  }

  get supportsResources(): boolean {
    return this.capabilities.resources !== undefined;
  }

  /** Refresh the tool list (after `notifications/tools/list_changed`). */
  async refreshTools(): Promise<void> {
    this.tools = await listAllTools(this.client, undefined, this.config.startupTimeoutSec * 1000);
  }

  /** Set a callback for servers that announce tool list changes. */
  onToolsChanged(callback: () => void): void {
    void import("@modelcontextprotocol/sdk/types.js").then(
      ({ ToolListChangedNotificationSchema }) =>
        this.client.setNotificationHandler(ToolListChangedNotificationSchema, () => callback()),
    );
  }

  /**
   * `tools/call`, bounded by `tool_timeout_sec` (not counting time the server spends waiting on
   * the user's answer to an elicitation); failures throw McpCallError.
   */
  async callTool(
    tool: string,
    args: Record<string, unknown> | undefined,
    opts: CallOptions = {},
  ): Promise<CallToolResult> {
    const { CallToolResultSchema } = await import("@modelcontextprotocol/sdk/types.js");
    const timedOut = new AbortController();
    const stop = startDeadline(this.config.toolTimeoutSec * 1000, this.elicitClock, () =>
      timedOut.abort(),
    );
    const signal = opts.signal ? AbortSignal.any([opts.signal, timedOut.signal]) : timedOut.signal;
    try {
      // `request` rather than `callTool`: the SDK's client-side output-schema check would turn a
      // result the model can still use into an error; Codex passes results through as they are.
      // Aborting (timeout or interrupt) sends the server a cancellation, as the SDK's timeout did.
      return (await this.request(
        () =>
          this.client.request(
            { method: "tools/call", params: { name: tool, arguments: args } },
            CallToolResultSchema,
            { signal, timeout: NO_SDK_TIMEOUT_MS, onprogress: opts.onProgress },
          ),
        `tool \`${tool}\``,
        opts.signal,
        timedOut.signal,
      )) as CallToolResult;
    } finally {
      stop();
    }
  }

  async listResources(cursor?: string): Promise<{ resources: Resource[]; nextCursor?: string }> {
    return this.request(
      () =>
        this.client.listResources(cursor ? { cursor } : undefined, {
          timeout: this.config.toolTimeoutSec * 1000,
        }),
      "resources/list",
    );
  }

  async listResourceTemplates(
    cursor?: string,
  ): Promise<{ resourceTemplates: ResourceTemplate[]; nextCursor?: string }> {
    return this.request(
      () =>
        this.client.listResourceTemplates(cursor ? { cursor } : undefined, {
          timeout: this.config.toolTimeoutSec * 1000,
        }),
      "resources/templates/list",
    );
  }

  async readResource(uri: string): Promise<ReadResourceResult> {
    return this.request(
      () => this.client.readResource({ uri }, { timeout: this.config.toolTimeoutSec * 1000 }),
      "resources/read",
    );
  }

  /** Registers the stdio server's process once it exists (spawned inside `connect`). */
  private track(): void {
    const pid = this.pid();
    if (this.tracked !== null || pid === null || this.closedReason !== null) return;
    this.tracked = trackProcess(pid, { kind: "mcp-server", group: false });
  }

  /**
   * Close the connection; a stdio server that does not exit when its stdin closes gets SIGTERM
   * (with the processes it started), and the SDK sends SIGKILL if even that does not end it.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closedReason ??= "it was shut down";
      const pid = this.pid();
      const term = setTimeout(() => {
        if (pid !== null) signalProcessTree(pid, "SIGTERM");
      }, EXIT_GRACE_MS);
      try {
        await this.client.close();
      } catch {
        // Closing is best effort: the process is signalled regardless.
      } finally {
        clearTimeout(term);
      }
    })();
    return this.closing;
  }

  private describeExit(): string {
    const last = this.stderr?.lastLine();
    return last ? `it exited; its last stderr line: ${last}` : "it exited";
  }

  private async request<T>(
    run: () => Promise<T>,
    what: string,
    signal?: AbortSignal,
    timedOut?: AbortSignal,
  ): Promise<T> {
    if (this.closedReason !== null)
      throw new McpCallError(
        `MCP server \`${this.name}\` is not running (${this.closedReason}); its tools are unavailable for the rest of this session`,
        "closed",
      );
    try {
      return await run();
    } catch (e) {
      // The SDK rejects an aborted request with the signal's reason, whatever that is.
      if (signal?.aborted)
        throw new McpCallError(`${what} on MCP server \`${this.name}\` was interrupted`, "aborted");
      if (timedOut?.aborted) throw this.timeoutError(what);
      throw this.callFailure(e, what);
    }
  }

  private callFailure(e: unknown, what: string): McpCallError {
    const code = errorCode(e);
    if (code === MCP_REQUEST_TIMEOUT) return this.timeoutError(what);
    if (code === MCP_CONNECTION_CLOSED || this.closedReason !== null) {
      this.closedReason ??= this.describeExit();
      return new McpCallError(
        `MCP server \`${this.name}\` stopped while running ${what} (${this.closedReason}); its tools are unavailable for the rest of this session`,
        "closed",
      );
    }
    return new McpCallError(
      `${what} on MCP server \`${this.name}\` failed: ${messageOf(e)}`,
      "failed",
    );
  }

  private timeoutError(what: string): McpCallError {
    return new McpCallError(
      `${what} on MCP server \`${this.name}\` timed out after ${formatSeconds(this.config.toolTimeoutSec)} seconds and was cancelled (raise \`tool_timeout_sec\` in [mcp_servers.${this.name}] if it needs longer)`,
      "timeout",
    );
  }

  /** The error text for a failed start, as mcpInitErrorDisplay expects it. */
  private startupFailure(e: unknown, signal: AbortSignal): string {
    if (signal.aborted || errorCode(e) === MCP_REQUEST_TIMEOUT)
      return `MCP startup failed: request timed out after ${formatSeconds(this.config.startupTimeoutSec)} seconds`;
    const err = e as NodeJS.ErrnoException & { code?: unknown };
    if (err.code === "ENOENT" && this.config.command !== undefined)
      return `MCP startup failed: command not found: ${this.config.command} (check \`command\` and PATH)`;
    if (err.code === "EACCES" && this.config.command !== undefined)
      return `MCP startup failed: permission denied running ${this.config.command}`;
    if (err.name === "LoginRequiredError") return `MCP startup failed: ${err.message}`;
    if (errorCode(e) === 401 || /\b401\b/.test(err.message ?? ""))
      return `MCP startup failed: Auth required (the server answered HTTP 401)`;
    const closed = errorCode(e) === MCP_CONNECTION_CLOSED;
    const last = this.stderr?.lastLine();
    const detail = closed
      ? `connection closed before the initialize response${last ? ` (server stderr: ${last})` : ""}`
      : describeError(e);
    return `MCP startup failed: handshaking with MCP server failed: ${detail}`;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function describeError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${messageOf(e)} (${cause})` : messageOf(e);
}

/** Rejects as soon as `signal` aborts, even if `p` never settles. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error("request timed out"));
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * `tools/list`, every page. Parsed leniently: the SDK's own schema rejects the whole list when one
 * tool's input schema lacks `type: "object"`; such tools are still usable once normalised.
 */
async function listAllTools(
  client: Client,
  signal: AbortSignal | undefined,
  timeout: number,
): Promise<Tool[]> {
  const { z } = await import("zod");
  const page = z.looseObject({
    tools: z.array(z.looseObject({ name: z.string() })),
    nextCursor: z.string().optional(),
  });
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const result = await client.request(
      { method: "tools/list", params: cursor ? { cursor } : {} },
      page,
      { signal, timeout },
    );
    for (const t of result.tools) {
      const inputSchema = t.inputSchema;
      tools.push({
        ...t,
        inputSchema:
          typeof inputSchema === "object" && inputSchema !== null
            ? (inputSchema as Tool["inputSchema"])
            : { type: "object" },
      } as Tool);
    }
    cursor = result.nextCursor;
  } while (cursor);
  return tools;
}
