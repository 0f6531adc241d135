// What every task (regular turn, compaction, review, undo, `!cmd`) gets from its session.
import type { Config } from "../../config/types.js";
import type { EventMsg, ResponseItem, TurnAbortReason } from "../../protocol/index.js";
import type { ToolRegistry } from "../../tools/registry.js";
import type { EnvironmentContext } from "../environment-context.js";
import type { GhostSnapshots } from "../ghost-snapshots.js";
import type { ModelRequest } from "../model-request.js";
import type { SessionOptions, TurnSettings } from "../session-types.js";
import type { TurnResult } from "../turn.js";
import type { UsageTracker } from "../usage.js";
import type { Environment } from "../../environment/types.js";

export type TaskKind = "regular" | "review" | "compact" | "undo" | "user_shell";

/** The one task a session runs at a time (seed-spec §6.1). */
export interface ActiveTask {
  kind: TaskKind;
  /** The submission that started it; its events carry this id. */
  subId: string;
  controller: AbortController;
  /** Input typed while it runs; regular and review tasks send it with their next request. */
  pendingInput: ResponseItem[];
  /**
   * Whether input typed now still joins this task. A task clears it the moment it decides to
   * finish (in the same tick as its last look at pendingInput), so later input starts a new turn
   * instead of being lost with the finished one.
   */
  acceptingInput: boolean;
  abortReason: TurnAbortReason | null;
  /** Shared by tool handlers for the task's duration (e.g. the turn diff tracker). */
  turnStore: Map<string, unknown>;
}

/** Whether a task takes input typed while it runs (otherwise the input waits for a new turn). */
export function acceptsInput(kind: TaskKind): boolean {
  return kind === "regular" || kind === "review";
}

/** True, and input closed, when nothing was typed meanwhile: the task may finish. */
export function finishIfIdle(task: ActiveTask): boolean {
  if (task.pendingInput.length > 0) return false;
  task.acceptingInput = false;
  return true;
}

export interface TaskHost {
  readonly conversationId: string;
  readonly config: Config;
  readonly options: SessionOptions;
  /** The settings in force now (they may change between tasks). */
  readonly settings: TurnSettings;
  readonly usage: UsageTracker;
  readonly snapshots: GhostSnapshots;
  /** Where tools run commands and touch files (the session owns and disposes it). */
  readonly execEnvironment: Environment;
  emit(subId: string, msg: EventMsg): void;
  emitTokenCount(subId: string): void;
  log(message: string): void;
  /** The model-visible conversation. */
  history(): readonly ResponseItem[];
  /** Append to history and the rollout. */
  recordItems(items: ResponseItem[]): void;
  /** Record the initial context (first turn) or an environment update (settings changed). */
  recordContextIfNeeded(): void;
  /** The initial context for the current settings: what a compaction keeps at the top. */
  initialContext(): ResponseItem[];
  /** Swap the history for its compacted form and record the compaction in the rollout. */
  replaceHistory(history: ResponseItem[], summary: string): void;
  /** Make everything recorded so far reach the rollout file. */
  flush(): Promise<void>;
  /** The environment the model is told about, for the current settings. */
  environment(): EnvironmentContext;
  /** The tool set for a request: the session's tools plus external (MCP) ones. */
  buildTools(config: Config, settings: TurnSettings): Promise<ToolRegistry>;
  /** One model request (with stream retries) and its tool calls. */
  requestModel(task: ActiveTask, request: ModelRequest): Promise<TurnResult>;
  contextWindow(): number | null;
}
