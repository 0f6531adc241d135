// Operations a front-end submits to the core.
import type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  ReviewDecision,
  SandboxPolicy,
} from "./policies.js";
import type { UserInput } from "./user-input.js";
import type { ElicitationAction } from "./events.js";

/** A review request (the `/review` command and `codex review`). */
export interface ReviewRequest {
  /** The full instructions for the reviewer. */
  prompt: string;
  /** A short description shown to the user. */
  user_facing_hint: string;
}

/** An operation submitted to a conversation. */
export type Op =
  /** Abort the running turn, if any; emits exactly one TurnAborted. */
  | { type: "interrupt" }
  /** Start a turn with the session's current settings (or inject into the running turn). */
  | { type: "user_input"; items: UserInput[] }
  /** Start a turn with these settings, which persist for later turns. */
  | {
      type: "user_turn";
      items: UserInput[];
      cwd: string;
      approval_policy: AskForApproval;
      sandbox_policy: SandboxPolicy;
      model: string;
      effort?: ReasoningEffort | null;
      summary: ReasoningSummary;
      /** JSON schema the final answer must follow; this turn only. */
      final_output_json_schema?: unknown;
    }
  /** Change session settings for later turns; emits nothing. */
  | {
      type: "override_turn_context";
      cwd?: string;
      approval_policy?: AskForApproval;
      sandbox_policy?: SandboxPolicy;
      model?: string;
      effort?: ReasoningEffort | null;
      summary?: ReasoningSummary;
    }
  /** Answer an exec approval request; `id` is the request's call id. */
  | { type: "exec_approval"; id: string; decision: ReviewDecision }
  /** Answer a patch approval request; `id` is the request's call id. */
  | { type: "patch_approval"; id: string; decision: ReviewDecision }
  /** Answer an MCP server's elicitation request (see the `elicitation_request` event). */
  | {
      type: "resolve_elicitation";
      server_name: string;
      request_id: string | number;
      decision: ElicitationAction;
      /** The form's values when accepted (checked against the requested schema). */
      content?: Record<string, unknown>;
    }
  /** Append a prompt to `history.jsonl`. */
  | { type: "add_to_history"; text: string }
  /** Read one entry of `history.jsonl`. */
  | { type: "get_history_entry_request"; offset: number; log_id: number }
  /** List MCP tools, resources and templates. */
  | { type: "list_mcp_tools" }
  /** List custom prompts. */
  | { type: "list_custom_prompts" }
  /** Summarise the conversation to free context. */
  | { type: "compact" }
  /** Restore the working tree to the snapshot before the last turn. */
  | { type: "undo" }
  /**
   * Remove the last `num_turns` user turns from the history (not from the files); emits
   * ThreadRolledBack once no task runs. Codex's Op::ThreadRollback.
   */
  | { type: "thread_rollback"; num_turns: number }
  /** Run a code review in an isolated thread. */
  | { type: "review"; review_request: ReviewRequest }
  /** Run a user's `!cmd` under the session sandbox. */
  | { type: "run_user_shell_command"; command: string }
  /** Stop the session; emits ShutdownComplete. */
  | { type: "shutdown" };

export type OpType = Op["type"];

/** A submission: an op and the id its events will carry. */
export interface Submission {
  id: string;
  op: Op;
}
