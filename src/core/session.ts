// A session: the submission loop, the single active task, history and token accounting.
import { formatUserInstructions, loadUserInstructions } from "../config/project-doc.js";
import type { Config } from "../config/types.js";
import { ModelClient, ModelError, backoffMs, type Prompt } from "../model/index.js";
import type {
  ContentItem,
  Event,
  EventMsg,
  Op,
  RateLimitSnapshot,
  ResponseItem,
  Submission,
  TokenUsage,
  TokenUsageInfo,
  TurnAbortReason,
  UserInput,
} from "../protocol/index.js";
import { ZERO_USAGE } from "../protocol/index.js";
import { ToolRegistry } from "../tools/registry.js";
import type { ToolContext } from "../tools/types.js";
import { PendingApprovals } from "./approvals.js";
import { AsyncQueue } from "./async-queue.js";
import { BASE_INSTRUCTIONS } from "./base-instructions.js";
import {
  buildInitialContext,
  environmentUpdateItem,
  sameEnvironment,
  userShellName,
  type EnvironmentContext,
} from "./environment-context.js";
import type {
  InitialHistory,
  SessionOptions,
  SessionPersistence,
  TurnSettings,
} from "./session-types.js";
import { runTurn, StreamClosedEarly, TurnAbortedError, type TurnResult } from "./turn.js";
import { lastAssistantText, userInputToContent, userMessageItem } from "./user-input.js";
import { uuidv7 } from "./uuid.js";

/** Submission id of events emitted before any submission (SessionConfigured, startup errors). */
export const INITIAL_SUBMIT_ID = "";

interface ActiveTask {
  subId: string;
  controller: AbortController;
  pendingInput: ResponseItem[];
  done: Promise<void>;
  abortReason: TurnAbortReason | null;
}

export class Session {
  readonly conversationId: string;
  readonly events = new AsyncQueue<Event>();
  private readonly submissions = new AsyncQueue<Submission>();
  private readonly approvals: PendingApprovals;
  private readonly sessionStore = new Map<string, unknown>();
  private history: ResponseItem[] = [];
  private settings: TurnSettings;
  private lastEnvironment: EnvironmentContext | null = null;
  private active: ActiveTask | null = null;
  private totalUsage: TokenUsage = { ...ZERO_USAGE };
  private lastUsage: TokenUsage = { ...ZERO_USAGE };
  private rateLimits: RateLimitSnapshot | null = null;
  private persistence: SessionPersistence | null = null;
  private rolloutFile: string | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private shutDown = false;

  private constructor(
    private readonly opts: SessionOptions,
    conversationId: string,
  ) {
    this.conversationId = conversationId;
    const c = opts.config;
    this.settings = {
      cwd: c.cwd,
      approvalPolicy: c.approvalPolicy,
      sandboxPolicy: c.sandboxPolicy,
      model: c.model,
      effort: c.modelReasoningEffort,
      summary: c.modelReasoningSummary,
    };
    this.approvals = new PendingApprovals((m) => this.log(m));
  }

  /** Build a session and emit SessionConfigured as its first event. */
  static async create(opts: SessionOptions): Promise<Session> {
    const initial: InitialHistory = opts.initialHistory ?? { kind: "new" };
    if (!opts.config.cwd.startsWith("/")) {
      throw new Error(`cwd is not absolute: ${JSON.stringify(opts.config.cwd)}`);
    }
    const id = initial.kind === "resumed" ? initial.conversationId : uuidv7();
    if (opts.config.userInstructions === undefined) {
      opts = {
        ...opts,
        config: { ...opts.config, userInstructions: await projectInstructions(opts.config) },
      };
    }
    const session = new Session(opts, id);
    if (opts.createPersistence) {
      session.persistence = await opts.createPersistence(id, initial);
      session.rolloutFile = session.persistence.path;
    }
    const c = opts.config;
    session.emit(INITIAL_SUBMIT_ID, {
      type: "session_configured",
      session_id: id,
      model: c.model,
      model_provider_id: c.modelProviderId,
      approval_policy: c.approvalPolicy,
      sandbox_policy: c.sandboxPolicy,
      cwd: c.cwd,
      reasoning_effort: c.modelReasoningEffort,
      history_log_id: 0,
      history_entry_count: 0,
      initial_messages: initial.kind === "new" ? null : initial.events,
      rollout_path: session.persistence?.path ?? null,
    });
    session.seedHistory(initial);
    await session.startExternalTools();
    session.loopDone = session.submissionLoop();
    return session;
  }

  /** Resolves once external tools are connected (or have failed); turns wait for it. */
  private externalReady: Promise<void> = Promise.resolve();

  private async startExternalTools(): Promise<void> {
    const ext = this.opts.externalTools;
    if (!ext) return;
    const started = ext.start((message) => this.emit(INITIAL_SUBMIT_ID, { type: "error", message }));
    if (ext.blocksStartup) {
      await started;
    } else {
      this.externalReady = started.catch((e: Error) => {
        this.emit(INITIAL_SUBMIT_ID, { type: "error", message: e.message });
      });
    }
  }

  private seedHistory(initial: InitialHistory): void {
    if (initial.kind === "new") return;
    // Resumed/forked history already holds its initial context; only later changes are added.
    this.history = [...initial.history];
    this.lastEnvironment = this.environment();
    if (initial.kind === "forked") this.persistence?.recordItems(this.history);
  }

  get config(): Config {
    return this.opts.config;
  }

  get rolloutPath(): string | null {
    return this.rolloutFile;
  }

  /** Queue a submission. */
  submit(sub: Submission): void {
    if (this.shutDown) throw new Error("the session has shut down");
    this.submissions.push(sub);
  }

  /** Resolves when the submission loop exits (after Shutdown). */
  get finished(): Promise<void> {
    return this.loopDone;
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  emit(id: string, msg: EventMsg): void {
    this.persist(() => this.persistence?.recordEvent(msg));
    this.events.push({ id, msg });
  }

  /** Persistence failures are reported in the log, never allowed to break the session. */
  private persist(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.log(`failed to record rollout item: ${(e as Error).message}`);
    }
  }

  private async submissionLoop(): Promise<void> {
    for await (const sub of this.submissions) {
      try {
        const stop = await this.handleOp(sub.id, sub.op);
        if (stop) break;
      } catch (e) {
        this.emit(sub.id, { type: "error", message: (e as Error).message });
      }
    }
    this.submissions.close();
    this.events.close();
  }

  private async handleOp(id: string, op: Op): Promise<boolean> {
    switch (op.type) {
      case "interrupt":
        this.abortActive("interrupted");
        return false;
      case "user_input":
        await this.userInput(id, op.items);
        return false;
      case "user_turn":
        this.settings = {
          cwd: op.cwd,
          approvalPolicy: op.approval_policy,
          sandboxPolicy: op.sandbox_policy,
          model: op.model,
          effort: op.effort ?? null,
          summary: op.summary,
        };
        await this.userInput(id, op.items, op.final_output_json_schema);
        return false;
      case "override_turn_context":
        this.settings = {
          cwd: op.cwd ?? this.settings.cwd,
          approvalPolicy: op.approval_policy ?? this.settings.approvalPolicy,
          sandboxPolicy: op.sandbox_policy ?? this.settings.sandboxPolicy,
          model: op.model ?? this.settings.model,
          effort: op.effort !== undefined ? op.effort : this.settings.effort,
          summary: op.summary ?? this.settings.summary,
        };
        return false;
      case "exec_approval":
      case "patch_approval":
        if (op.decision === "abort") {
          this.approvals.resolve(op.id, "abort");
          this.abortActive("interrupted");
        } else {
          this.approvals.resolve(op.id, op.decision);
        }
        return false;
      case "shutdown":
        await this.shutdown(id);
        return true;
      case "list_mcp_tools": {
        await this.externalReady;
        const listed = this.opts.externalTools
          ? await this.opts.externalTools.listTools()
          : { tools: {}, resources: {}, resource_templates: {}, auth_statuses: {} };
        this.emit(id, { type: "mcp_list_tools_response", ...listed });
        return false;
      }
      default:
        // Ops this build does not handle yet are ignored, as Codex ignores unknown ops.
        this.log(`ignoring unsupported op ${op.type}`);
        return false;
    }
  }

  private async shutdown(id: string): Promise<void> {
    this.shutDown = true;
    if (this.active) {
      this.abortActive("interrupted");
      await this.active?.done;
    }
    const persistence = this.persistence;
    this.persistence = null;
    if (persistence) {
      try {
        await persistence.shutdown();
      } catch (e) {
        this.log(`failed to shutdown rollout recorder: ${(e as Error).message}`);
        this.emit(id, { type: "error", message: "Failed to shutdown rollout recorder" });
      }
    }
    await this.opts.externalTools?.shutdown().catch((e: Error) => this.log(`MCP shutdown failed: ${e.message}`));
    this.emit(id, { type: "shutdown_complete" });
  }

  private abortActive(reason: TurnAbortReason): void {
    const task = this.active;
    if (!task || task.controller.signal.aborted) return;
    task.abortReason = reason;
    task.controller.abort(reason);
  }

  private environment(): EnvironmentContext {
    return {
      cwd: this.settings.cwd,
      approvalPolicy: this.settings.approvalPolicy,
      sandboxPolicy: this.settings.sandboxPolicy,
      shell: userShellName(this.opts.env),
    };
  }

  private async userInput(id: string, items: UserInput[], outputSchema?: unknown): Promise<void> {
    if (items.length === 0) return;
    const content = await userInputToContent(items, this.settings.cwd);
    if (this.active) {
      // A turn is running: the input joins it at the next model request (seed B3.21).
      this.active.pendingInput.push(userMessageItem(content));
      return;
    }
    const env = this.environment();
    if (this.lastEnvironment === null) {
      this.recordItems(
        buildInitialContext({
          userInstructions: this.opts.config.userInstructions,
          developerInstructions: this.opts.config.developerInstructions,
          environment: env,
        }),
      );
    } else if (!sameEnvironment(this.lastEnvironment, env)) {
      this.recordItems([environmentUpdateItem(env)]);
    }
    this.lastEnvironment = env;
    const task: ActiveTask = {
      subId: id,
      controller: new AbortController(),
      pendingInput: [],
      done: Promise.resolve(),
      abortReason: null,
    };
    this.active = task;
    task.done = this.runTask(task, items, content, outputSchema).finally(() => {
      if (this.active === task) this.active = null;
    });
  }

  private recordItems(items: ResponseItem[]): void {
    if (items.length === 0) return;
    this.history.push(...items);
    this.persist(() => this.persistence?.recordItems(items));
  }

  private async runTask(
    task: ActiveTask,
    input: UserInput[],
    content: ContentItem[],
    outputSchema: unknown,
  ): Promise<void> {
    const emit = (msg: EventMsg) => this.emit(task.subId, msg);
    const turnId = task.subId;
    const contextWindow = this.contextWindow();
    emit({ type: "task_started", model_context_window: contextWindow });
    this.persist(() => this.persistence?.recordTurnContext(this.settings));

    this.recordItems([userMessageItem(content)]);
    const userItem = { type: "UserMessage" as const, id: `user-${turnId}`, content: input };
    const base = { thread_id: this.conversationId, turn_id: turnId };
    emit({ type: "item_started", ...base, item: userItem });
    emit({ type: "item_completed", ...base, item: userItem });
    const text = input.flatMap((i) => (i.type === "text" ? [i.text] : [])).join("\n");
    const images = input.flatMap((i) => (i.type === "image" ? [i.image_url] : []));
    emit({ type: "user_message", message: text, images: images.length ? images : null });

    let lastMessage: string | null = null;
    try {
      for (;;) {
        this.recordItems(task.pendingInput.splice(0));
        const result = await this.runTurnWithRetries(task, outputSchema);
        const items = result.processed.map((p) => p.item);
        const outputs = result.processed.flatMap((p) => (p.output ? [p.output] : []));
        this.recordItems([...items, ...outputs]);
        lastMessage = lastAssistantText(items) ?? lastMessage;
        if (outputs.length === 0 && task.pendingInput.length === 0) break;
      }
      emit({ type: "task_complete", last_agent_message: lastMessage });
    } catch (e) {
      if (e instanceof TurnAbortedError) {
        const outputs = e.processed.flatMap((p) => (p.output ? [p.output] : []));
        this.recordItems([...e.processed.map((p) => p.item), ...outputs]);
        emit({ type: "turn_aborted", reason: task.abortReason ?? "interrupted" });
      } else {
        this.log(`Turn error: ${(e as Error).message}`);
        emit({ type: "error", message: (e as Error).message });
        emit({ type: "task_complete", last_agent_message: lastMessage });
      }
    } finally {
      this.approvals.cancel(turnId);
      await this.persistence
        ?.flush()
        .catch((e: Error) => this.log(`rollout flush failed: ${e.message}`));
    }
  }

  private contextWindow(): number | null {
    return (
      this.opts.config.modelContextWindow ?? this.opts.config.modelFamily.contextWindow ?? null
    );
  }

  private async runTurnWithRetries(task: ActiveTask, outputSchema: unknown): Promise<TurnResult> {
    const cfg = this.opts.config;
    const max = cfg.modelProvider.streamMaxRetries;
    let retries = 0;
    for (;;) {
      try {
        return await this.runOneTurn(task, outputSchema);
      } catch (e) {
        if (e instanceof TurnAbortedError) throw e;
        if (task.controller.signal.aborted) throw new TurnAbortedError([]);
        const retryable =
          e instanceof StreamClosedEarly || (e instanceof ModelError && e.kind === "retryable");
        if (e instanceof ModelError && e.kind === "context_window_exceeded")
          this.markContextFull(task);
        if (!retryable || retries >= max) throw e;
        retries++;
        const delay =
          (e instanceof ModelError ? e.retryAfterMs : undefined) ?? backoffMs(retries - 1);
        this.log(`stream disconnected - retrying turn (${retries}/${max} in ${delay}ms)...`);
        this.emit(task.subId, {
          type: "stream_error",
          message: `Reconnecting... ${retries}/${max} (${(e as Error).message})`,
        });
        if (!(await sleepUnlessAborted(delay, task.controller.signal)))
          throw new TurnAbortedError([]);
      }
    }
  }

  private markContextFull(task: ActiveTask): void {
    const window = this.contextWindow();
    if (window) this.lastUsage = { ...ZERO_USAGE, input_tokens: window, total_tokens: window };
    this.emitTokenCount(task.subId);
  }

  private emitTokenCount(subId: string): void {
    const info: TokenUsageInfo = {
      total_token_usage: this.totalUsage,
      last_token_usage: this.lastUsage,
      model_context_window: this.contextWindow(),
    };
    this.emit(subId, { type: "token_count", info, rate_limits: this.rateLimits });
  }

  private async runOneTurn(task: ActiveTask, outputSchema: unknown): Promise<TurnResult> {
    const cfg = this.opts.config;
    const s = this.settings;
    const client = new ModelClient({
      provider: cfg.modelProvider,
      providerId: cfg.modelProviderId,
      apiKey: this.opts.apiKey,
      model: s.model,
      family: cfg.modelFamily,
      effort: s.effort,
      summary: s.summary,
      verbosity: cfg.modelVerbosity,
      conversationId: this.conversationId,
      originator: this.opts.originator,
      cliVersion: (await import("../version.js")).CLI_VERSION,
      maxOutputTokens: cfg.modelMaxOutputTokens,
      env: this.opts.env,
    });
    await this.externalReady;
    const tools = this.opts.buildTools?.(cfg, s) ?? new ToolRegistry();
    for (const handler of this.opts.externalTools?.handlers() ?? []) tools.register(handler);
    const parallel = cfg.modelFamily.supportsParallelToolCalls;
    const prompt: Prompt = {
      instructions: cfg.baseInstructions ?? BASE_INSTRUCTIONS,
      input: [...this.history, ...task.pendingInput.splice(0)],
      tools: tools.specs(),
      parallelToolCalls: parallel,
      outputSchema: outputSchema ?? undefined,
    };
    const turn = { subId: task.subId, turnId: task.subId, ...s };
    const toolContext: ToolContext = {
      config: cfg,
      turn,
      emit: (msg) => this.emit(task.subId, msg),
      approvals: {
        requestExec: (r) =>
          this.approvals.request(r.callId, task.subId, () =>
            this.emit(task.subId, {
              type: "exec_approval_request",
              call_id: r.callId,
              command: r.command,
              cwd: r.cwd,
              reason: r.reason ?? null,
              parsed_cmd: r.parsedCmd,
            }),
          ),
        requestPatch: (r) =>
          this.approvals.request(r.callId, task.subId, () =>
            this.emit(task.subId, {
              type: "apply_patch_approval_request",
              call_id: r.callId,
              changes: r.changes,
              reason: r.reason ?? null,
              grant_root: r.grantRoot ?? null,
            }),
          ),
      },
      sessionStore: this.sessionStore,
      turnStore: this.turnStore(task),
    };
    const result = await runTurn({
      client,
      tools,
      prompt,
      parallelToolCalls: parallel,
      showRawReasoning: cfg.showRawAgentReasoning,
      toolContext,
      threadId: this.conversationId,
      turnId: task.subId,
      emit: (msg) => this.emit(task.subId, msg),
      onRateLimits: (snap) => {
        this.rateLimits = snap;
        this.emitTokenCount(task.subId);
      },
      taskSignal: task.controller.signal,
      abortTask: () => this.abortActive("interrupted"),
    });
    if (result.usage) {
      this.lastUsage = result.usage;
      this.totalUsage = addUsage(this.totalUsage, result.usage);
    }
    this.emitTokenCount(task.subId);
    return result;
  }

  private readonly turnStores = new WeakMap<ActiveTask, Map<string, unknown>>();
  private turnStore(task: ActiveTask): Map<string, unknown> {
    let store = this.turnStores.get(task);
    if (!store) {
      store = new Map();
      this.turnStores.set(task, store);
    }
    return store;
  }
}

/** AGENTS.md files for the session's cwd, formatted as the user-instructions message. */
async function projectInstructions(config: Config): Promise<string | undefined> {
  const { text } = await loadUserInstructions({
    codexHome: config.codexHome,
    cwd: config.cwd,
    maxBytes: config.projectDocMaxBytes,
    fallbackFilenames: config.projectDocFallbackFilenames,
  });
  return text ? formatUserInstructions(text, config.cwd) : undefined;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
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
