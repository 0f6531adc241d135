// Settings and collaborators of a session.
import type { Config, McpServerConfig } from "../config/types.js";
import type {
  AskForApproval,
  EventMsg,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  SandboxPolicy,
} from "../protocol/index.js";
import type { SessionTelemetry } from "../telemetry/hooks.js";
import type { ToolRegistry } from "../tools/registry.js";
import type { ToolHandler } from "../tools/types.js";
import type { EventOf } from "../protocol/index.js";
import type { ElicitationHost } from "./elicitations.js";
import type { Environment } from "../environment/types.js";

/** Tools discovered at run time (MCP servers): started with the session, offered from the first turn. */
export interface ExternalToolProvider {
  /** A required server is configured: session start waits for `start` and fails with its error. */
  readonly blocksStartup: boolean;
  /**
   * Connect everything (each server bounded by its own timeout). Each failed optional server is
   * reported through `onError` (an Error event); a failed required one rejects.
   */
  start(onError: (message: string) => void, host?: ElicitationHost): Promise<void>;
  /** Handlers for the tools available now. */
  handlers(): ToolHandler[];
  /** The reply to Op::ListMcpTools. */
  listTools(): Promise<Omit<EventOf<"mcp_list_tools_response">, "type">>;
  shutdown(): Promise<void>;
  /** Direct access for front-ends (app-server `mcpServer/*`); undefined before `start`. */
  direct?(): McpDirectAccess | undefined;
  /**
   * Apply a new `[mcp_servers]` table to a started provider (app-server
   * `config/mcpServer/reload`): removed and changed servers close, new and changed ones start;
   * `onStarting` names those about to start. Failures go to `onError`, never reject.
   */
  reconfigure?(
    servers: Record<string, McpServerConfig>,
    onError: (message: string) => void,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult>;
}

/** What a reload of `[mcp_servers]` did: the servers it (re)started, and those that failed. */
export interface McpReloadResult {
  started: string[];
  failures: Array<{ server: string; message: string }>;
}

/** The session's MCP servers as a front-end may use them outside a turn. */
export interface McpDirectAccess {
  /** `tools/call` on one server; the server's CallToolResult as it came. */
  callTool(
    server: string,
    tool: string,
    args: Record<string, unknown> | undefined,
  ): Promise<unknown>;
  /** `resources/read` on one server; its ReadResourceResult. */
  readResource(server: string, uri: string): Promise<unknown>;
  /** Servers that are connected now. */
  connected(): string[];
  /** Servers that failed to start, and why. */
  failures(): ReadonlyArray<{ server: string; message: string }>;
}

/** Settings that can change between turns (Op::UserTurn / OverrideTurnContext). */
export interface TurnSettings {
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  model: string;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary;
}

/** Where a session starts from. */
export type InitialHistory =
  /** A fresh session; `subThread` when it is a task's own thread (a review) inside another. */
  | { kind: "new"; subThread?: SubThreadInfo }
  /** Continue a saved session: same id, same rollout file. */
  | {
      kind: "resumed";
      conversationId: string;
      rolloutPath: string;
      history: ResponseItem[];
      events: EventMsg[];
    }
  /** Start a new session from a copy of another's history. */
  | { kind: "forked"; history: ResponseItem[]; events: EventMsg[] };

/** What the session persists; implemented by the rollout recorder. */
export interface SessionPersistence {
  readonly path: string | null;
  recordItems(items: ResponseItem[]): void;
  recordEvent(msg: EventMsg): void;
  recordTurnContext(settings: TurnSettings): void;
  /** A compaction: the summary and the exact history that replaced the old one. */
  recordCompacted?(item: { message: string; replacement_history: ResponseItem[] }): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A thread a task runs for its parent session, recorded in a rollout of its own (as Codex). */
export interface SubThreadInfo {
  parentThreadId: string;
  /** Which sub-agent it is: "review". */
  agent: string;
  /** The instructions the sub-thread ran with (recorded like a session's base instructions). */
  baseInstructions: string;
}

export interface SessionOptions {
  config: Config;
  apiKey?: string;
  /** `originator` header and rollout field: "codex_exec", "codex-tui", "codex_mcp". */
  originator: string;
  /** The front-end named in `notify` payloads (`client`), e.g. "codex-tui"; exec sends none. */
  notifyClient?: string;
  initialHistory?: InitialHistory;
  /** Builds the tool set for a turn; default: none (every call gets "unsupported call"). */
  buildTools?: (config: Config, settings: TurnSettings) => ToolRegistry;
  /** Creates the persistence for a session id; absent = ephemeral. */
  createPersistence?: (
    conversationId: string,
    initial: InitialHistory,
  ) => Promise<SessionPersistence>;
  /** MCP tools; absent when no servers are configured. */
  externalTools?: ExternalToolProvider;
  /** Where tools run commands and touch files; this machine when absent. */
  environment?: Environment;
  /** OpenTelemetry for this session (`[otel]`); absent when nothing is exported. */
  telemetry?: SessionTelemetry;
  /** Logs diagnostics (never to stdout). */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}
