// The rollout file's vocabulary: one RolloutItem per JSONL line, as Codex writes them.
import type {
  AskForApproval,
  EventMsg,
  ReasoningEffort,
  ReasoningSummary,
  ResponseItem,
  SandboxPolicy,
} from "../protocol/index.js";

/** Who started the session. Codex writes more variants (e.g. "vscode"); readers accept any string. */
export type SessionSource = "cli" | "exec" | "mcp" | "vscode" | "unknown" | (string & {});

/** Where the working tree stood when the session started. */
export interface GitInfo {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
}

/** Payload of the `session_meta` line (always line 1 of a file we create). */
export interface SessionMeta {
  /** The conversation (thread) id. */
  id: string;
  /** When the session started, ISO 8601 with milliseconds. */
  timestamp: string;
  cwd: string;
  /** The client that created it, e.g. "codex_exec" or "codex_cli_rs". */
  originator: string;
  cli_version: string;
  /** A sub-agent's thread (a review) says so as `{ "subagent": "review" }`, as Codex writes it. */
  source: SessionSource | { subagent: string };
  /** Set on a sub-agent's thread: the session it ran for. */
  parent_thread_id?: string;
  /** "user" for sessions people start, "subagent" for a task's own thread. */
  thread_source?: string;
  model_provider?: string | null;
  /** User instructions (AGENTS.md) as recorded by older Codex versions. */
  instructions?: string | null;
  /** The base prompt the session ran with (Codex ≥ 0.5x writes `{ text }`). */
  base_instructions?: { text: string } | null;
  git?: GitInfo | null;
}

/** Settings in force for one model request; written before each request. */
export interface TurnContextItem {
  cwd: string;
  approval_policy: AskForApproval;
  sandbox_policy: SandboxPolicy;
  model: string;
  effort?: ReasoningEffort | null;
  summary: ReasoningSummary;
  turn_id?: string;
}

/** A compaction marker: history before it is replaced on reconstruction. */
export interface CompactedItem {
  /** The summary text the model produced. */
  message: string;
  /** The exact history after compaction; when present, reconstruction uses it verbatim. */
  replacement_history?: ResponseItem[];
}

/** One persisted item. `type` and `payload` are the JSONL line's fields. */
export type RolloutItem =
  | { type: "session_meta"; payload: SessionMeta }
  | { type: "response_item"; payload: ResponseItem }
  | { type: "event_msg"; payload: EventMsg }
  | { type: "turn_context"; payload: TurnContextItem }
  | { type: "compacted"; payload: CompactedItem };

export type RolloutItemType = RolloutItem["type"];

export const ROLLOUT_ITEM_TYPES: readonly RolloutItemType[] = [
  "session_meta",
  "response_item",
  "event_msg",
  "turn_context",
  "compacted",
];

/** A line as stored: the item plus when it was written. */
export type RolloutLine = RolloutItem & { timestamp: string };
