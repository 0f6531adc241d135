// One model request on behalf of a task: client and tool context for the task's settings,
// stream-level retries (seed-spec B3.48), token accounting.
import type { Config, ModelFamily } from "../config/types.js";
import { ModelClient, ModelError, backoffMs, type Prompt } from "../model/index.js";
import type { EventMsg, ResponseItem, TurnAbortReason } from "../protocol/index.js";
import { inTurnScope } from "../telemetry/hooks.js";
import { ToolRegistry } from "../tools/registry.js";
import type { ToolContext } from "../tools/types.js";
import type { PendingApprovals } from "./approvals.js";
import type { SessionOptions, TurnSettings } from "./session-types.js";
import type { ActiveTask } from "./tasks/types.js";
import { runTurn, StreamClosedEarly, TurnAbortedError, type TurnResult } from "./turn.js";
import type { UsageTracker } from "./usage.js";
import type { Environment } from "../environment/types.js";

export interface ModelRequest {
  /** The prompt input; called before every attempt, after pending input was recorded. */
  input: () => ResponseItem[];
  instructions: string;
  settings: TurnSettings;
  family: ModelFamily;
  /** Tools offered; null offers none (and a call gets "unsupported call"). */
  tools: ToolRegistry | null;
  outputSchema?: unknown;
  /** `review` hides the reviewer's text (seed B7.4); `silent` hides all model text. */
  display: "normal" | "review" | "silent";
  /** Tool calls wait for it (the ghost snapshot must capture the tree before they run). */
  toolGate?: Promise<unknown>;
  contextWindow: number | null;
  /** Write a turn_context rollout item per attempt (default true; review threads do not). */
  recordTurnContext?: boolean;
  /** Drain input typed meanwhile into wherever this request's history lives. */
  drainPending?: () => void;
}

export interface ModelRequestDeps {
  conversationId: string;
  options: SessionOptions;
  approvals: PendingApprovals;
  sessionStore: Map<string, unknown>;
  usage: UsageTracker;
  emit(subId: string, msg: EventMsg): void;
  emitTokenCount(subId: string): void;
  log(message: string): void;
  recordTurnContext(settings: TurnSettings): void;
  abortTask(task: ActiveTask, reason: TurnAbortReason): void;
  /** Resolves once external (MCP) tools are connected or failed. */
  externalReady(): Promise<void>;
  /** Where tools run commands and touch files. */
  execEnvironment: Environment;
}

/** The session's tool set for `settings`, external (MCP) tools included. */
export async function sessionTools(
  deps: ModelRequestDeps,
  config: Config,
  settings: TurnSettings,
): Promise<ToolRegistry> {
  await deps.externalReady();
  const tools = deps.options.buildTools?.(config, settings) ?? new ToolRegistry();
  for (const handler of deps.options.externalTools?.handlers() ?? []) tools.register(handler);
  return tools;
}

/** Run the request, retrying dropped streams and retryable errors up to the provider's budget. */
export async function requestModel(
  deps: ModelRequestDeps,
  task: ActiveTask,
  req: ModelRequest,
): Promise<TurnResult> {
  const max = deps.options.config.modelProvider.streamMaxRetries;
  let retries = 0;
  for (;;) {
    try {
      return await inTurnScope(deps.options.telemetry, task.subId, () => attempt(deps, task, req));
    } catch (e) {
      if (e instanceof TurnAbortedError) throw e;
      if (task.controller.signal.aborted) throw new TurnAbortedError([]);
      if (e instanceof ModelError && e.kind === "context_window_exceeded") {
        deps.usage.markFull(req.contextWindow);
        deps.emitTokenCount(task.subId);
      }
      const retryable =
        e instanceof StreamClosedEarly || (e instanceof ModelError && e.kind === "retryable");
      if (!retryable || retries >= max) throw e;
      retries++;
      const delay =
        (e instanceof ModelError ? e.retryAfterMs : undefined) ?? backoffMs(retries - 1);
      deps.log(`stream disconnected - retrying turn (${retries}/${max} in ${delay}ms)...`);
      deps.emit(task.subId, {
        type: "stream_error",
        message: `Reconnecting... ${retries}/${max} (${(e as Error).message})`,
      });
      if (!(await sleepUnlessAborted(delay, task.controller.signal))) {
        throw new TurnAbortedError([]);
      }
    }
  }
}

async function attempt(
  deps: ModelRequestDeps,
  task: ActiveTask,
  req: ModelRequest,
): Promise<TurnResult> {
  const cfg = deps.options.config;
  const s = req.settings;
  const client = new ModelClient({
    provider: cfg.modelProvider,
    providerId: cfg.modelProviderId,
    apiKey: deps.options.apiKey,
    model: s.model,
    family: req.family,
    effort: s.effort,
    summary: s.summary,
    verbosity: cfg.modelVerbosity,
    conversationId: deps.conversationId,
    originator: deps.options.originator,
    cliVersion: (await import("../version.js")).CLI_VERSION,
    maxOutputTokens: cfg.modelMaxOutputTokens,
    env: deps.options.env,
  });
  const tools = req.tools ?? new ToolRegistry();
  const parallel = req.family.supportsParallelToolCalls;
  // Each attempt records the settings it runs with (B3.49) and sends what was typed meanwhile.
  if (req.recordTurnContext !== false) deps.recordTurnContext(s);
  req.drainPending?.();
  const prompt: Prompt = {
    instructions: req.instructions,
    input: req.input(),
    tools: tools.specs(),
    parallelToolCalls: parallel,
    outputSchema: req.outputSchema ?? undefined,
  };
  const emit = (msg: EventMsg) => deps.emit(task.subId, msg);
  const toolContext: ToolContext = {
    config: cfg,
    turn: { subId: task.subId, turnId: task.subId, ...s },
    emit,
    approvals: {
      requestExec: (r) =>
        deps.approvals.request(r.callId, task.subId, () =>
          emit({
            type: "exec_approval_request",
            call_id: r.callId,
            command: r.command,
            cwd: r.cwd,
            reason: r.reason ?? null,
            parsed_cmd: r.parsedCmd,
          }),
        ),
      requestPatch: (r) =>
        deps.approvals.request(r.callId, task.subId, () =>
          emit({
            type: "apply_patch_approval_request",
            call_id: r.callId,
            changes: r.changes,
            reason: r.reason ?? null,
            grant_root: r.grantRoot ?? null,
          }),
        ),
    },
    sessionStore: deps.sessionStore,
    turnStore: task.turnStore,
    environment: deps.execEnvironment,
  };
  const result = await runTurn({
    client,
    tools,
    prompt,
    parallelToolCalls: parallel,
    showRawReasoning: cfg.showRawAgentReasoning,
    toolContext,
    threadId: deps.conversationId,
    turnId: task.subId,
    emit: displayFilter(req.display, emit),
    onRateLimits: (snap) => {
      deps.usage.rateLimits = snap;
      deps.emitTokenCount(task.subId);
    },
    taskSignal: task.controller.signal,
    abortTask: () => deps.abortTask(task, "interrupted"),
    toolGate: req.toolGate,
  });
  if (result.usage) deps.usage.add(result.usage);
  deps.emitTokenCount(task.subId);
  return result;
}

/** Events of the model's own text that a display mode hides; tool events always pass. */
function displayFilter(
  display: ModelRequest["display"],
  emit: (msg: EventMsg) => void,
): (msg: EventMsg) => void {
  if (display === "normal") return emit;
  const hidden = new Set<string>(
    display === "review"
      ? ["agent_message_delta", "agent_message"]
      : [
          "agent_message_delta",
          "agent_message",
          "agent_reasoning",
          "agent_reasoning_delta",
          "agent_reasoning_raw_content",
          "agent_reasoning_raw_content_delta",
          "agent_reasoning_section_break",
        ],
  );
  return (msg) => {
    if (hidden.has(msg.type)) return;
    if (msg.type === "item_started" || msg.type === "item_completed") {
      if (msg.item.type === "AgentMessage") return;
      if (display === "silent" && msg.item.type === "Reasoning") return;
    }
    if (msg.type === "thread_item_started") {
      if (msg.item.type === "agentMessage") return;
      if (display === "silent" && msg.item.type === "reasoning") return;
    }
    emit(msg);
  };
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
