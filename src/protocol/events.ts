// Events the core emits. Every front-end (exec, TUI, MCP server) renders these and nothing else.
import type { ResponseItem, TokenUsage, RateLimitSnapshot } from "./items.js";
import type { ReviewRequest } from "./ops.js";
import type {
  ReasoningEffort,
  TurnAbortReason,
  AskForApproval,
  SandboxPolicy,
} from "./policies.js";
import type { UserInput } from "./user-input.js";
import type { ThreadItem, ThreadItemDelta } from "./thread-items.js";

/** A command split into what it does, for display and approval decisions. */
export type ParsedCommand =
  | { type: "read"; cmd: string; name: string; path?: string }
  | { type: "list_files"; cmd: string; path?: string | null }
  | { type: "search"; cmd: string; query?: string | null; path?: string | null }
  | { type: "unknown"; cmd: string };

/** One file's change in a patch. */
export type FileChange =
  | { type: "add"; content: string }
  | { type: "delete"; content: string }
  | { type: "update"; unified_diff: string; move_path: string | null };

/** A plan step. */
export interface PlanItem {
  step: string;
  status: "pending" | "in_progress" | "completed";
}

/** Items of a turn, as front-ends show them. */
export type TurnItem =
  | { type: "UserMessage"; id: string; content: UserInput[] }
  | { type: "AgentMessage"; id: string; content: { type: "Text"; text: string }[] }
  | { type: "Reasoning"; id: string; summary_text: string[]; raw_content: string[] }
  | { type: "WebSearch"; id: string; query: string };

/** Token accounting for the session. */
export interface TokenUsageInfo {
  total_token_usage: TokenUsage;
  last_token_usage: TokenUsage;
  model_context_window: number | null;
}

/** One entry of history.jsonl. */
export interface HistoryEntry {
  conversation_id: string;
  ts: number;
  text: string;
}

/** A custom prompt from a prompts directory. */
export interface CustomPrompt {
  name: string;
  path: string;
  content: string;
  description?: string;
  argument_hint?: string;
}

/** A review finding. */
export interface ReviewFinding {
  title: string;
  body: string;
  confidence_score: number;
  priority: number;
  code_location: {
    absolute_file_path: string;
    line_range: { start: number; end: number };
  };
}

/** The structured result of a review. */
export interface ReviewOutputEvent {
  findings: ReviewFinding[];
  overall_correctness: string;
  overall_explanation: string;
  overall_confidence_score: number;
}

/** An MCP tool call's identity. */
export interface McpInvocation {
  server: string;
  tool: string;
  arguments?: unknown;
}

/** Everything the core can tell a front-end. */
export type EventMsg =
  /** The session is ready; always the first event. */
  | {
      type: "session_configured";
      session_id: string;
      model: string;
      model_provider_id: string;
      approval_policy: AskForApproval;
      sandbox_policy: SandboxPolicy;
      cwd: string;
      reasoning_effort: ReasoningEffort | null;
      history_log_id: number;
      history_entry_count: number;
      initial_messages?: EventMsg[] | null;
      rollout_path: string | null;
    }
  /** A failure the user should see; the session goes on. */
  | { type: "error"; message: string }
  /** A non-fatal warning. */
  | { type: "warning"; message: string }
  /** The model stream failed and is being retried. */
  | { type: "stream_error"; message: string }
  /** Informational progress (e.g. MCP server starting). */
  | { type: "background_event"; message: string }
  /** A turn (task) started. */
  | { type: "task_started"; model_context_window: number | null }
  /** A turn finished. */
  | { type: "task_complete"; last_agent_message: string | null }
  /** A turn ended early. */
  | { type: "turn_aborted"; reason: TurnAbortReason }
  /** A turn item started. */
  | { type: "item_started"; thread_id: string; turn_id: string; item: TurnItem }
  /** A turn item completed. */
  | { type: "item_completed"; thread_id: string; turn_id: string; item: TurnItem }
  /** An item of the item model started (see thread-items.ts); emitted beside the legacy events. */
  | {
      type: "thread_item_started";
      thread_id: string;
      turn_id: string;
      item: ThreadItem;
      started_at_ms: number;
      /**
       * Started because an approval was requested for it (the request follows): it runs only
       * once approved, and completes as `declined` when refused.
       */
      for_approval?: true;
    }
  /** An open item changed. */
  | {
      type: "thread_item_delta";
      thread_id: string;
      turn_id: string;
      item_id: string;
      delta: ThreadItemDelta;
    }
  /** An item reached its final state; `item` is complete. */
  | {
      type: "thread_item_completed";
      thread_id: string;
      turn_id: string;
      item: ThreadItem;
      completed_at_ms: number;
      /**
       * Completed because its turn ended (interrupted, or left open by the task), not by an end
       * of its own; sent just before the turn's `task_complete` / `turn_aborted`.
       */
      by_turn_end?: true;
    }
  /** A history item was recorded (for clients that mirror history). */
  | { type: "raw_response_item"; item: ResponseItem }
  /** The user's message (legacy event of a UserMessage item). */
  | { type: "user_message"; message: string; images?: string[] | null }
  /** A complete assistant message. */
  | { type: "agent_message"; message: string }
  /** Streaming assistant text. */
  | { type: "agent_message_delta"; delta: string }
  /** A complete reasoning summary. */
  | { type: "agent_reasoning"; text: string }
  /** Streaming reasoning summary text. */
  | { type: "agent_reasoning_delta"; delta: string }
  /** Complete raw reasoning (only with show_raw_agent_reasoning). */
  | { type: "agent_reasoning_raw_content"; text: string }
  /** Streaming raw reasoning. */
  | { type: "agent_reasoning_raw_content_delta"; delta: string }
  /** A new reasoning summary section started. */
  | { type: "agent_reasoning_section_break" }
  /** The model wants to run a command that needs the user's approval. */
  | {
      type: "exec_approval_request";
      call_id: string;
      command: string[];
      cwd: string;
      reason?: string | null;
      parsed_cmd: ParsedCommand[];
    }
  /** The model wants to apply a patch that needs the user's approval. */
  | {
      type: "apply_patch_approval_request";
      call_id: string;
      changes: Record<string, FileChange>;
      reason?: string | null;
      grant_root?: string | null;
    }
  /**
   * An MCP server asks the user something (`elicitation/create`): a form to fill in or a URL to
   * open. Answered with Op::ResolveElicitation naming the same server and request id.
   */
  | {
      type: "elicitation_request";
      server_name: string;
      id: string | number;
      request: ElicitationRequest;
      turn_id?: string;
    }
  /** A command started. */
  | {
      type: "exec_command_begin";
      call_id: string;
      command: string[];
      cwd: string;
      parsed_cmd: ParsedCommand[];
      /** "agent" for model calls, "user_shell" for `!cmd`. */
      source?: "agent" | "user_shell" | "unified_exec_startup" | "unified_exec_interaction";
    }
  /** Live output of a command (base64 chunk). */
  | {
      type: "exec_command_output_delta";
      call_id: string;
      stream: "stdout" | "stderr";
      chunk: string;
    }
  /** A command ended. */
  | {
      type: "exec_command_end";
      call_id: string;
      command: string[];
      cwd: string;
      stdout: string;
      stderr: string;
      aggregated_output: string;
      exit_code: number;
      duration_ms: number;
      formatted_output: string;
      /** Who started it, as on ExecCommandBegin ("user_shell" for `!cmd`). */
      source?: "agent" | "user_shell" | "unified_exec_startup" | "unified_exec_interaction";
    }
  /** A patch is being applied. */
  | {
      type: "patch_apply_begin";
      call_id: string;
      auto_approved: boolean;
      changes: Record<string, FileChange>;
    }
  /** A patch was applied (or failed). */
  | {
      type: "patch_apply_end";
      call_id: string;
      stdout: string;
      stderr: string;
      success: boolean;
      changes: Record<string, FileChange>;
    }
  /** Unified diff of everything this turn changed so far. */
  | { type: "turn_diff"; unified_diff: string }
  /** The plan changed. */
  | { type: "plan_update"; explanation?: string | null; plan: PlanItem[] }
  /** Token usage and rate limits. */
  | { type: "token_count"; info: TokenUsageInfo | null; rate_limits: RateLimitSnapshot | null }
  /** A hosted web search started. */
  | { type: "web_search_begin"; call_id: string }
  /** A hosted web search finished. */
  | { type: "web_search_end"; call_id: string; query: string }
  /** The model looked at an image file. */
  | { type: "view_image_tool_call"; call_id: string; path: string }
  /** An MCP tool call started. */
  | { type: "mcp_tool_call_begin"; call_id: string; invocation: McpInvocation }
  /** An MCP tool call ended. */
  | {
      type: "mcp_tool_call_end";
      call_id: string;
      invocation: McpInvocation;
      duration_ms: number;
      result: { Ok: unknown } | { Err: string };
    }
  /** Progress of a long MCP tool call. */
  | {
      type: "mcp_tool_call_progress";
      call_id: string;
      progress: number;
      total?: number;
      message?: string;
    }
  /** Reply to list_mcp_tools. */
  | {
      type: "mcp_list_tools_response";
      tools: Record<string, unknown>;
      resources: Record<string, unknown[]>;
      resource_templates: Record<string, unknown[]>;
      auth_statuses: Record<string, string>;
    }
  /** Reply to list_custom_prompts. */
  | { type: "list_custom_prompts_response"; custom_prompts: CustomPrompt[] }
  /** Reply to get_history_entry_request. */
  | {
      type: "get_history_entry_response";
      offset: number;
      log_id: number;
      entry: HistoryEntry | null;
    }
  /** A review started. */
  | { type: "entered_review_mode"; review_request: ReviewRequest }
  /** A review ended. */
  | { type: "exited_review_mode"; review_output: ReviewOutputEvent | null }
  /** Undo started. */
  | { type: "undo_started"; message?: string | null }
  /** Undo finished. */
  | { type: "undo_completed"; success: boolean; message?: string | null }
  /** The conversation history was compacted. */
  | { type: "context_compacted" }
  /**
   * The last `num_turns` user turns were removed from the history (Codex's ThreadRolledBack,
   * recorded in the rollout so a resume drops them too).
   */
  | { type: "thread_rolled_back"; num_turns: number }
  /** The session stopped. */
  | { type: "shutdown_complete" };

export type EventMsgType = EventMsg["type"];

/** An event and the id of the submission that caused it. */
export interface Event {
  id: string;
  msg: EventMsg;
}

/** Narrow an EventMsg by its type tag. */
export type EventOf<T extends EventMsgType> = Extract<EventMsg, { type: T }>;

/** What an MCP server asked for in `elicitation/create` (Codex's ElicitationRequest). */
export type ElicitationRequest =
  | {
      mode: "form";
      message: string;
      /** A flat object schema of primitive fields (MCP's restricted JSON Schema). */
      requested_schema: Record<string, unknown>;
      _meta?: unknown;
    }
  | { mode: "url"; message: string; url: string; elicitation_id: string; _meta?: unknown };

/** The user's answer to an elicitation. */
export type ElicitationAction = "accept" | "decline" | "cancel";
