// Settings and collaborators of a session.
import type { Config } from "../config/types.js";
import type {
  AskForApproval,
  EventMsg,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  SandboxPolicy,
} from "../protocol/index.js";
import type { ToolRegistry } from "../tools/registry.js";
import type { ToolHandler } from "../tools/types.js";
import type { EventOf } from "../protocol/index.js";

/** Tools discovered at run time (MCP servers): started with the session, offered from the first turn. */
export interface ExternalToolProvider {
  /** A required server is configured: session start waits for `start` and fails with its error. */
  readonly blocksStartup: boolean;
  /**
   * Connect everything (each server bounded by its own timeout). Each failed optional server is
   * reported through `onError` (an Error event); a failed required one rejects.
   */
  start(onError: (message: string) => void): Promise<void>;
  /** Handlers for the tools available now. */
  handlers(): ToolHandler[];
  /** The reply to Op::ListMcpTools. */
  listTools(): Promise<Omit<EventOf<"mcp_list_tools_response">, "type">>;
  shutdown(): Promise<void>;
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
  | { kind: "new" }
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

export interface SessionOptions {
  config: Config;
  apiKey?: string;
  /** `originator` header and rollout field: "codex_exec", "codex-tui", "codex_mcp". */
  originator: string;
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
  /** Logs diagnostics (never to stdout). */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}
