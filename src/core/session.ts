// A session: the submission loop, the one running task (and those queued behind it), the
// model-visible history, persistence and token accounting. Tasks live in ./tasks/.
import path from "node:path";
import type { Config, McpServerConfig } from "../config/types.js";
import { ResourceScope, runInResourceScope } from "../exec/resource-scope.js";
import type {
  Event,
  EventMsg,
  Op,
  ResponseItem,
  Submission,
  UserInput,
} from "../protocol/index.js";
import { dropLastUserTurns, leadingContext } from "../rollout/reconstruct.js";
import type { ToolRegistry } from "../tools/registry.js";
import { PendingApprovals } from "./approvals.js";
import { PendingElicitations, type ElicitationAnswer } from "./elicitations.js";
import { AsyncQueue } from "./async-queue.js";
import {
  buildInitialContext,
  environmentUpdateItem,
  sameEnvironment,
  userShellName,
  type EnvironmentContext,
} from "./environment-context.js";
import { GhostSnapshots } from "./ghost-snapshots.js";
import { McpReloads } from "./mcp-reload.js";
import { collectWhenIdle } from "./idle-gc.js";
import { registerLiveSession } from "./live-sessions.js";
import { ItemTracker } from "./items/item-tracker.js";
import { packHistoryItem } from "./history-pack.js";
import { repairCallPairs } from "./history-repair.js";
import {
  requestModel,
  sessionTools,
  type ModelRequest,
  type ModelRequestDeps,
} from "./model-request.js";
import {
  appendPromptHistory,
  customPromptsResponse,
  historyEntryResponse,
  promptHistoryMetadata,
} from "./queries.js";
import type {
  InitialHistory,
  McpReloadResult,
  SessionOptions,
  SessionPersistence,
  TurnSettings,
} from "./session-types.js";
import { runCompactTask } from "./tasks/compact.js";
import { runRegularTask } from "./tasks/regular.js";
import { ghostSnapshotsEnabled, projectInstructions } from "./session-setup.js";
import type { ActiveTask, TaskHost } from "./tasks/types.js";
import { TaskScheduler } from "./task-scheduler.js";
import type { TurnResult } from "./turn.js";
import { UsageTracker } from "./usage.js";
import { userInputToContent, userMessageItem } from "./user-input.js";
import { uuidv7 } from "./uuid.js";
import type { Environment } from "../environment/types.js";
import { LocalEnvironment } from "../environment/local.js";

/** Submission id of events emitted before any submission (SessionConfigured, startup errors). */
export const INITIAL_SUBMIT_ID = "";
/** Submission id of a Shutdown requested by the process itself (signal, parent gone). */
export const PROCESS_SHUTDOWN_SUBMIT_ID = "process-shutdown";

export class Session implements TaskHost {
  readonly conversationId: string;
  readonly events = new AsyncQueue<Event>();
  readonly usage = new UsageTracker();
  readonly snapshots: GhostSnapshots;
  readonly execEnvironment: Environment;
  /** A remote environment's shell, for the model's environment context. */
  private remoteShell: string | null = null;
  /**
   * Everything the session started that must not outlive it: command and exec-session
   * process trees, MCP stdio servers, notify programs, the exec-session manager. Its loop
   * runs inside this scope, so what tools spawn is registered here; shutdown disposes it.
   */
  readonly resources: ResourceScope;
  private readonly items: ItemTracker;
  private readonly submissions = new AsyncQueue<Submission>();
  private readonly approvals: PendingApprovals;
  /** MCP servers' questions to the user (`elicitation_request`), answered by ResolveElicitation. */
  private readonly elicitations = new PendingElicitations((m) => this.log(m));
  private readonly sessionStore = new Map<string, unknown>();
  private readonly modelDeps: ModelRequestDeps;
  private conversation: ResponseItem[] = [];
  private currentSettings: TurnSettings;
  private lastEnvironment: EnvironmentContext | null = null;
  private readonly scheduler = new TaskScheduler({
    onCrash: (task, e) => {
      // Tasks report their own failures; this is a bug's last line of defence.
      this.log(`task ${task.kind} failed: ${e.stack ?? String(e)}`);
      this.emit(task.subId, { type: "error", message: e.message });
      this.emit(task.subId, { type: "task_complete", last_agent_message: null });
    },
    idle: () => {
      if (this.shutDown) this.mcpReloads.dropWaiting();
      else this.mcpReloads.taskEnded();
      for (const run of this.whenIdle.splice(0)) run();
    },
    afterTask: async (task) => {
      this.approvals.cancel(task.subId);
      this.elicitations.cancel(task.subId);
      await this.flush();
    },
  });
  /** Background writes (history.jsonl) that shutdown waits for. */
  private readonly background = new Set<Promise<void>>();
  private persistence: SessionPersistence | null = null;
  private rolloutFile: string | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private loopStarted = false;
  private shutDown = false;
  private unregisterLive: () => void = () => undefined;
  /** Resolves once external tools are connected (or have failed); requests wait for it. */
  private externalReady: Promise<void> = Promise.resolve();
  /** Ops that wait for the running task to end (a rollback asked for as a turn ends). */
  private readonly whenIdle: Array<() => void> = [];
  /** `[mcp_servers]` reloads (app-server), applied between tasks. */
  private readonly mcpReloads = new McpReloads({
    busy: () => this.scheduler.current !== null,
    ready: () => this.externalReady,
    setReady: (p) => {
      this.externalReady = p;
    },
    provider: () => this.options.externalTools,
    log: (m) => this.log(m),
  });

  private constructor(
    readonly options: SessionOptions,
    conversationId: string,
  ) {
    this.conversationId = conversationId;
    this.resources = new ResourceScope(`session ${conversationId}`);
    this.execEnvironment = options.environment ?? new LocalEnvironment();
    const c = options.config;
    this.currentSettings = {
      cwd: c.cwd,
      approvalPolicy: c.approvalPolicy,
      sandboxPolicy: c.sandboxPolicy,
      model: c.model,
      effort: c.modelReasoningEffort,
      summary: c.modelReasoningSummary,
    };
    this.items = new ItemTracker(conversationId);
    this.approvals = new PendingApprovals((m) => this.log(m));
    this.snapshots = new GhostSnapshots(conversationId, ghostSnapshotsEnabled(options), (m) =>
      this.log(m),
    );
    this.modelDeps = {
      conversationId,
      options,
      approvals: this.approvals,
      sessionStore: this.sessionStore,
      usage: this.usage,
      emit: (id, msg) => this.emit(id, msg),
      emitTokenCount: (id) => this.emitTokenCount(id),
      log: (m) => this.log(m),
      recordTurnContext: (s) => this.persist(() => this.persistence?.recordTurnContext(s)),
      abortTask: (task, reason) => this.scheduler.abort(task, reason),
      externalReady: () => this.externalReady,
      execEnvironment: this.execEnvironment,
    };
  }

  /** Build a session and emit SessionConfigured as its first event. */
  static async create(opts: SessionOptions): Promise<Session> {
    const initial: InitialHistory = opts.initialHistory ?? { kind: "new" };
    if (!opts.config.cwd.startsWith("/")) {
      throw new Error(`cwd is not absolute: ${JSON.stringify(opts.config.cwd)}`);
    }
    const id = initial.kind === "resumed" ? initial.conversationId : uuidv7();
    let remoteShell: string | null = null;
    if (opts.environment?.kind === "remote") {
      // Commands run where the exec-server runs: its directory and shell are the session's.
      const info = await opts.environment.info().catch((e: Error) => {
        throw new Error(`cannot use the remote environment: ${e.message}`);
      });
      remoteShell = info.shell;
      opts = { ...opts, config: { ...opts.config, cwd: info.cwd } };
    }
    if (opts.config.userInstructions === undefined) {
      opts = {
        ...opts,
        config: { ...opts.config, userInstructions: await projectInstructions(opts.config) },
      };
    }
    const session = new Session(opts, id);
    session.remoteShell = remoteShell;
    const [persistence, history] = await Promise.all([
      opts.createPersistence?.(id, initial),
      promptHistoryMetadata(opts.config, (m) => session.log(m)),
    ]);
    if (persistence) {
      session.persistence = persistence;
      session.rolloutFile = persistence.path;
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
      history_log_id: history.logId,
      history_entry_count: history.entryCount,
      initial_messages: initial.kind === "new" ? null : initial.events,
      rollout_path: persistence?.path ?? null,
    });
    session.unregisterLive = registerLiveSession(session);
    try {
      await session.seedHistory(initial);
      await runInResourceScope(session.resources, () => session.startExternalTools());
    } catch (e) {
      // A required MCP server failed: the ones that did start must not outlive the session.
      await session.options.externalTools?.shutdown().catch(() => undefined);
      await session.resources.dispose();
      session.unregisterLive();
      throw e;
    }
    session.loopStarted = true;
    session.loopDone = runInResourceScope(session.resources, () => session.submissionLoop());
    return session;
  }

  private async startExternalTools(): Promise<void> {
    const ext = this.options.externalTools;
    if (!ext) return;
    const started = ext.start(
      (message) => this.emit(INITIAL_SUBMIT_ID, { type: "error", message }),
      {
        elicit: (server, requestId, request, signal) => {
          // Asked during a turn: the turn's id, so ending the turn cancels it; else the session's.
          const turnId = this.scheduler.current?.subId;
          return this.elicitations.request(
            server,
            requestId,
            turnId,
            () =>
              this.emit(turnId ?? INITIAL_SUBMIT_ID, {
                type: "elicitation_request",
                server_name: server,
                id: requestId,
                request,
                ...(turnId !== undefined ? { turn_id: turnId } : {}),
              }),
            signal,
          );
        },
      },
    );
    if (ext.blocksStartup) {
      await started;
    } else {
      this.externalReady = started.catch((e: Error) => {
        this.emit(INITIAL_SUBMIT_ID, { type: "error", message: e.message });
      });
    }
  }

  private async seedHistory(initial: InitialHistory): Promise<void> {
    if (initial.kind === "new") return;
    this.usage.restoreFrom(initial.events);
    // Resumed/forked history already holds its initial context; only later changes are added.
    this.conversation = repairCallPairs(initial.history).map(packHistoryItem);
    // A history cut before its first turn has no context yet; the first turn records it.
    if (leadingContext(this.conversation).length > 0) this.lastEnvironment = this.environment();
    if (initial.kind === "forked") {
      // A fork is a new session file holding the copied conversation and its transcript.
      const history = this.conversation;
      this.persist(() => this.persistence?.recordItems(history));
      for (const msg of initial.events) this.persist(() => this.persistence?.recordEvent(msg));
      await this.flush();
    }
  }

  get config(): Config {
    return this.options.config;
  }

  get settings(): TurnSettings {
    return this.currentSettings;
  }

  get rolloutPath(): string | null {
    return this.rolloutFile;
  }

  /** Queue a submission. */
  submit(sub: Submission): void {
    if (this.shutDown) {
      // Already done (the process may have shut the session down on a signal).
      if (sub.op.type === "shutdown" || sub.op.type === "interrupt") return;
      throw new Error("the session has shut down");
    }
    this.submissions.push(sub);
  }

  /**
   * Ends the session as a Shutdown op does (task aborted, processes ended, rollout flushed),
   * for the process's own exit paths. Idempotent; resolves once the session is done.
   */
  requestShutdown(): Promise<void> {
    if (!this.loopStarted) return this.resources.dispose();
    if (!this.shutDown) this.submit({ id: PROCESS_SHUTDOWN_SUBMIT_ID, op: { type: "shutdown" } });
    return this.loopDone;
  }

  /** Resolves when the submission loop exits (after Shutdown). */
  get finished(): Promise<void> {
    return this.loopDone;
  }

  log(message: string): void {
    this.options.log?.(message);
  }

  emit(id: string, msg: EventMsg): void {
    this.persist(() => this.persistence?.recordEvent(msg));
    // Each event goes out with the item-model events derived from it (src/core/items).
    for (const m of this.items.sequence(id, msg)) this.events.push({ id, msg: m });
    this.options.telemetry?.onEvent(id, msg);
    if (msg.type === "task_complete" || msg.type === "turn_aborted") collectWhenIdle();
  }

  /**
   * A new `[mcp_servers]` table (app-server `config/mcpServer/reload`): applied now when idle,
   * else when the running task ends. `onStarting` names the servers about to start.
   */
  reloadExternalTools(
    servers: Record<string, McpServerConfig>,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult> {
    // A session shutting down must not start servers it would stop at once.
    if (this.shutDown) return Promise.resolve({ started: [], failures: [] });
    return this.mcpReloads.reload(servers, onStarting);
  }

  emitTokenCount(subId: string): void {
    this.emit(subId, {
      type: "token_count",
      info: this.usage.info(this.contextWindow()),
      rate_limits: this.usage.rateLimits,
    });
  }

  /** Persistence failures are reported in the log, never allowed to break the session. */
  private persist(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.log(`failed to record rollout item: ${(e as Error).message}`);
    }
  }

  async flush(): Promise<void> {
    await this.persistence
      ?.flush()
      .catch((e: Error) => this.log(`rollout flush failed: ${e.message}`));
  }

  // --- TaskHost: what tasks read and change --------------------------------------------------

  history(): readonly ResponseItem[] {
    return this.conversation;
  }

  recordItems(items: ResponseItem[]): void {
    if (items.length === 0) return;
    // The history keeps big tool outputs one-byte (history-pack.ts); the rollout gets the items.
    for (const item of items) this.conversation.push(packHistoryItem(item));
    this.persist(() => this.persistence?.recordItems(items));
  }

  environment(): EnvironmentContext {
    return {
      cwd: this.currentSettings.cwd,
      approvalPolicy: this.currentSettings.approvalPolicy,
      sandboxPolicy: this.currentSettings.sandboxPolicy,
      shell: this.remoteShell ? path.basename(this.remoteShell) : userShellName(this.options.env),
    };
  }

  initialContext(): ResponseItem[] {
    return buildInitialContext({
      userInstructions: this.config.userInstructions,
      developerInstructions: this.config.developerInstructions,
      environment: this.environment(),
    });
  }

  recordContextIfNeeded(): void {
    const env = this.environment();
    if (this.lastEnvironment === null) this.recordItems(this.initialContext());
    else if (!sameEnvironment(this.lastEnvironment, env))
      this.recordItems([environmentUpdateItem(env)]);
    this.lastEnvironment = env;
  }

  replaceHistory(history: ResponseItem[], summary: string): void {
    this.conversation = history.map(packHistoryItem);
    this.lastEnvironment = this.environment();
    this.persist(() =>
      this.persistence?.recordCompacted?.({ message: summary, replacement_history: history }),
    );
  }

  contextWindow(): number | null {
    return this.config.modelContextWindow ?? this.config.modelFamily.contextWindow ?? null;
  }

  buildTools(config: Config, settings: TurnSettings): Promise<ToolRegistry> {
    return sessionTools(this.modelDeps, config, settings);
  }

  requestModel(task: ActiveTask, request: ModelRequest): Promise<TurnResult> {
    return requestModel(this.modelDeps, task, request);
  }

  // --- The submission loop --------------------------------------------------------------------

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
    this.options.telemetry?.onOp(id, op);
    switch (op.type) {
      case "interrupt":
        this.scheduler.abortCurrent("interrupted");
        return false;
      case "user_input":
        await this.userInput(id, op.items);
        return false;
      case "user_turn":
        this.currentSettings = {
          cwd: op.cwd,
          approvalPolicy: op.approval_policy,
          sandboxPolicy: op.sandbox_policy,
          model: op.model,
          effort: op.effort ?? null,
          summary: op.summary,
        };
        await this.userInput(id, op.items, op.final_output_json_schema);
        return false;
      case "override_turn_context": {
        const s = this.currentSettings;
        this.currentSettings = {
          cwd: op.cwd ?? s.cwd,
          approvalPolicy: op.approval_policy ?? s.approvalPolicy,
          sandboxPolicy: op.sandbox_policy ?? s.sandboxPolicy,
          model: op.model ?? s.model,
          effort: op.effort !== undefined ? op.effort : s.effort,
          summary: op.summary ?? s.summary,
        };
        return false;
      }
      case "exec_approval":
      case "patch_approval":
        for (const item of this.items.decided(op.id, op.decision))
          this.events.push({ id, msg: item });
        this.approvals.resolve(op.id, op.decision);
        if (op.decision === "abort") this.scheduler.abortCurrent("interrupted");
        return false;
      case "resolve_elicitation": {
        const answer: ElicitationAnswer = { action: op.decision };
        if (op.decision === "accept" && op.content !== undefined) answer.content = op.content;
        this.elicitations.resolve(op.server_name, op.request_id, answer);
        return false;
      }
      case "add_to_history": {
        const write = appendPromptHistory(this.config, this.conversationId, op.text, (m) =>
          this.log(m),
        );
        this.background.add(write);
        void write.finally(() => this.background.delete(write));
        return false;
      }
      case "get_history_entry_request":
        this.emit(id, await historyEntryResponse(this.config, op.offset, op.log_id));
        return false;
      case "list_custom_prompts":
        this.emit(
          id,
          await customPromptsResponse(this.config, this.settings.cwd, (m) => this.log(m)),
        );
        return false;
      case "list_mcp_tools": {
        await this.externalReady;
        const listed = this.options.externalTools
          ? await this.options.externalTools.listTools()
          : { tools: {}, resources: {}, resource_templates: {}, auth_statuses: {} };
        this.emit(id, { type: "mcp_list_tools_response", ...listed });
        return false;
      }
      case "compact":
        this.scheduler.start("compact", id, (task) => runCompactTask(this, task));
        return false;
      case "thread_rollback":
        this.rollback(id, op.num_turns);
        return false;
      case "undo":
        this.scheduler.start("undo", id, async (task) =>
          (await import("./tasks/undo.js")).runUndoTask(this, task),
        );
        return false;
      case "review":
        this.scheduler.start("review", id, async (task) =>
          (await import("./tasks/review.js")).runReviewTask(this, task, op.review_request),
        );
        return false;
      case "run_user_shell_command":
        this.scheduler.start("user_shell", id, async (task) =>
          (await import("./tasks/user-shell.js")).runUserShellTask(this, task, op.command),
        );
        return false;
      case "shutdown":
        await this.shutdown(id);
        return true;
      default:
        // Unknown ops are ignored, as Codex ignores them.
        this.log(`ignoring unsupported op ${(op as { type: string }).type}`);
        return false;
    }
  }

  /**
   * Drop the last `numTurns` user turns from the history (files stay as they are); the event is
   * recorded in the rollout, where a resume applies it too. A running task ends first: its
   * history must be complete before turns are cut from it.
   */
  private rollback(id: string, numTurns: number): void {
    if (this.scheduler.current) {
      this.whenIdle.push(() => this.rollback(id, numTurns));
      return;
    }
    if (!Number.isInteger(numTurns) || numTurns < 1) {
      this.emit(id, { type: "error", message: "num_turns must be at least 1" });
      return;
    }
    this.conversation = dropLastUserTurns(this.conversation, numTurns);
    this.emit(id, { type: "thread_rolled_back", num_turns: numTurns });
    // Written now, so a `codex resume` of this thread from elsewhere sees the shorter history.
    void this.flush();
  }

  private async userInput(id: string, items: UserInput[], outputSchema?: unknown): Promise<void> {
    if (items.length === 0) return;
    const content = await userInputToContent(items, this.settings.cwd);
    if (this.scheduler.offerInput(userMessageItem(content))) return;
    this.scheduler.start("regular", id, (task) =>
      runRegularTask(this, task, { items, content, outputSchema }),
    );
  }

  private async shutdown(id: string): Promise<void> {
    this.shutDown = true;
    // A task waiting on the user's answer must not hold shutdown up.
    this.elicitations.cancel();
    await this.scheduler.close();
    await Promise.all([...this.background, this.snapshots.settled()]);
    // MCP servers first get their graceful close (stdin closed); the scope then ends whatever
    // still runs, so events about it (an exec session's end) are recorded below.
    await this.options.externalTools
      ?.shutdown()
      .catch((e: Error) => this.log(`MCP shutdown failed: ${e.message}`));
    await this.execEnvironment
      .dispose()
      .catch((e: Error) => this.log(`environment shutdown failed: ${e.message}`));
    await this.resources.dispose();
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
    this.unregisterLive();
    await this.options.telemetry?.flush();
    this.emit(id, { type: "shutdown_complete" });
  }
}
