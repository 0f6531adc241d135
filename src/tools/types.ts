// The contract between the turn loop and tool handlers (design principle 4).
import type { Config } from "../config/types.js";
import type { Environment } from "../environment/types.js";
import type { ToolSpec } from "../model/index.js";
import type {
  AskForApproval,
  ContentItem,
  EventMsg,
  FileChange,
  ParsedCommand,
  ReviewDecision,
  SandboxPolicy,
} from "../protocol/index.js";

/** A tool call as the router hands it to a handler. */
export type ToolPayload =
  /** JSON function call; `arguments` is the raw JSON string from the model. */
  | { kind: "function"; arguments: string }
  /** Freeform (grammar) call; `input` is the raw text. */
  | { kind: "custom"; input: string }
  /** The Responses built-in local shell. */
  | {
      kind: "local_shell";
      command: string[];
      workdir?: string | null;
      timeoutMs?: number | null;
    }
  /** An MCP tool, already mapped back to server and tool names. */
  | { kind: "mcp"; server: string; tool: string; arguments: string };

export interface ToolCall {
  /** The name the model used. */
  name: string;
  callId: string;
  payload: ToolPayload;
}

/** What a handler returns; becomes exactly one output item. */
export interface ToolResult {
  /** Text, or content items (images) for tools that return them. */
  content: string | ContentItem[];
  /** Whether the call succeeded (shown to front-ends; not sent to the model). */
  success: boolean;
}

/** Per-turn state a handler may read. */
export interface TurnInfo {
  subId: string;
  turnId: string;
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
}

/** Approval requests; registered before the request event is emitted, keyed by call id. */
export interface ApprovalRequester {
  requestExec(req: {
    callId: string;
    command: string[];
    cwd: string;
    reason?: string | null;
    parsedCmd: ParsedCommand[];
  }): Promise<ReviewDecision>;
  requestPatch(req: {
    callId: string;
    changes: Record<string, FileChange>;
    reason?: string | null;
    grantRoot?: string | null;
  }): Promise<ReviewDecision>;
}

/** Everything a handler gets besides the call itself. */
export interface ToolContext {
  config: Config;
  turn: TurnInfo;
  /** Emit an event for this turn. */
  emit(msg: EventMsg): void;
  approvals: ApprovalRequester;
  /** Session-scoped store: commands approved "for session", shell sessions, etc. */
  sessionStore: Map<string, unknown>;
  /** Per-turn store shared by handlers (e.g. the turn diff tracker). */
  turnStore: Map<string, unknown>;
  /** Where commands run and files live: this machine, or a remote exec-server. */
  environment: Environment;
}

/** A tool implementation. */
export interface ToolHandler {
  /** The name the model calls it by. */
  readonly name: string;
  /** The spec sent to the model. */
  spec(): ToolSpec;
  /** Whether this call might change anything (files, processes, network). */
  isMutating(call: ToolCall): boolean;
  /** Handled when called but not offered to the model (e.g. the built-in local_shell). */
  readonly hidden?: boolean;
  /** Whether this call may run concurrently with other parallel-safe calls. */
  readonly parallelSafe: boolean;
  /** Run the call. Throw RespondToModel/ToolDenied/FatalToolError for failures. */
  handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult>;
  /**
   * A call to this tool was announced by the stream (its arguments are still arriving): start
   * what it will need. Never throws; `handle` must work whether or not this ran.
   */
  prepare?(ctx: ToolContext): void;
}
