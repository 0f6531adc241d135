// Every thread this server has loaded (shared by all its connections), and how threads are
// started, resumed and forked: config → key → session through the shared start-up module.
import path from "node:path";
import type { CliOverrides } from "../config/index.js";
import type { Config } from "../config/types.js";
import type { InitialHistory, NewConversation } from "../core/index.js";
import type { AskForApproval } from "../protocol/index.js";
import { loadForkedHistory } from "../rollout/fork.js";
import {
  apiKeyOutcome,
  loadConfigOutcome,
  loadResumedHistory,
  startSession,
} from "../session/index.js";
import type { ClientConnection } from "./connection.js";
import { LoadedThread } from "./loaded-thread.js";
import { INTERNAL_ERROR, RpcError } from "./rpc.js";
import type { ThreadForkParams, ThreadResumeParams, ThreadStartParams } from "./schemas.js";
import { checkThreadId, findThreadFile, readStoredThread } from "./stored-threads.js";
import { approvalPolicyV2, nowSeconds, sandboxPolicyV2, type TurnRecord } from "./v2.js";

export interface ServerContext {
  /** The server's own cwd: relative `cwd` params resolve against it. */
  cwd: string;
  /** `-c key=value` overrides given to `codex app-server`. */
  rawOverrides: string[];
  log: (message: string) => void;
}

type Settings = Omit<ThreadStartParams, "ephemeral">;

function overridesFrom(ctx: ServerContext, s: Settings): CliOverrides {
  const raw = [...ctx.rawOverrides, ...configOverrides(s.config ?? {})];
  const approval = s.approvalPolicy;
  return {
    cwd: s.cwd ? path.resolve(ctx.cwd, s.cwd) : undefined,
    model: s.model ?? undefined,
    modelProvider: s.modelProvider ?? undefined,
    sandboxMode: s.sandbox ?? undefined,
    // Granular policies ask per category; codex-ts asks as on-request does.
    approvalPolicy:
      approval === undefined || approval === null
        ? undefined
        : typeof approval === "string"
          ? (approval as AskForApproval)
          : "on-request",
    baseInstructions: s.baseInstructions ?? undefined,
    developerInstructions: s.developerInstructions ?? undefined,
    rawOverrides: raw,
  };
}

/** `config` params as `-c` overrides: nested objects become dotted keys, values JSON (TOML-compatible). */
function configOverrides(config: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(config).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? configOverrides(v as Record<string, unknown>, `${prefix}${k}.`)
      : v === null || v === undefined
        ? []
        : [`${prefix}${k}=${JSON.stringify(v)}`],
  );
}

export class ThreadRegistry {
  private readonly threads = new Map<string, LoadedThread>();

  constructor(private readonly ctx: ServerContext) {}

  get(id: string): LoadedThread | undefined {
    return this.threads.get(id);
  }

  /** A loaded thread, or -32600 naming the id. */
  loaded(id: string): LoadedThread {
    checkThreadId(id);
    const t = this.threads.get(id);
    if (!t) throw new RpcError(-32600, `thread not loaded: ${id}`);
    return t;
  }

  list(): LoadedThread[] {
    return [...this.threads.values()];
  }

  async loadConfig(s: Settings, onWarning?: (line: string) => void): Promise<Config> {
    const loaded = await loadConfigOutcome({ cli: overridesFrom(this.ctx, s), cwd: this.ctx.cwd });
    if (!loaded.ok) throw new RpcError(INTERNAL_ERROR, loaded.message);
    for (const w of loaded.value.warnings) onWarning?.(w);
    return loaded.value.config;
  }

  async start(conn: ClientConnection, params: ThreadStartParams): Promise<LoadedThread> {
    // Unknown keys and legacy spellings in config.toml reach the client as configWarning.
    const config = await this.loadConfig(params, (summary) =>
      conn.notify("configWarning", { summary, details: null }),
    );
    return this.open(conn, config, { kind: "new" }, [], {
      ephemeral: params.ephemeral ?? false,
      forkedFromId: null,
      configOverrides: params.config ?? null,
    });
  }

  async resume(conn: ClientConnection, params: ThreadResumeParams): Promise<LoadedThread> {
    checkThreadId(params.threadId);
    const existing = this.threads.get(params.threadId);
    if (existing) {
      existing.subscribers.add(conn);
      return existing;
    }
    const file = await findThreadFile(this.homeOf(await this.loadConfig({})), params.threadId);
    const stored = await readStoredThread(file);
    const config = await this.loadConfig({ cwd: stored.info.cwd, ...dropNulls(params) });
    const history = await loadResumedHistory(config.codexHome, { id: params.threadId });
    return this.open(conn, config, history, stored.turns, {
      ephemeral: false,
      forkedFromId: null,
      createdAt: stored.info.createdAt,
      preview: stored.info.preview,
      configOverrides: params.config ?? null,
    });
  }

  async fork(conn: ClientConnection, params: ThreadForkParams): Promise<LoadedThread> {
    checkThreadId(params.threadId);
    const file = await findThreadFile(this.homeOf(await this.loadConfig({})), params.threadId);
    const stored = await readStoredThread(file);
    const config = await this.loadConfig({ cwd: stored.info.cwd, ...dropNulls(params) });
    const history: InitialHistory = await loadForkedHistory(config.codexHome, {
      id: params.threadId,
    });
    return this.open(conn, config, history, stored.turns, {
      ephemeral: params.ephemeral ?? false,
      forkedFromId: params.threadId,
      preview: stored.info.preview,
      configOverrides: params.config ?? null,
    });
  }

  /** The v2 fields every thread start/resume/fork response carries beside `thread`. */
  settingsOf(t: LoadedThread): Record<string, unknown> {
    const c = t.config;
    return {
      model: c.model,
      modelProvider: c.modelProviderId,
      serviceTier: null,
      disabledPluginIds: [],
      cwd: c.cwd,
      runtimeWorkspaceRoots: [c.cwd],
      instructionSources: [],
      approvalPolicy: approvalPolicyV2(c.approvalPolicy),
      approvalsReviewer: "user",
      sandbox: sandboxPolicyV2(c.sandboxPolicy),
      activePermissionProfile: null,
      reasoningEffort: c.modelReasoningEffort,
      multiAgentMode: "explicitRequestOnly",
    };
  }

  /** Stop every thread (server shutdown): interrupts turns and flushes rollouts. */
  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((t) => t.close()));
  }

  private homeOf(config: Config): string {
    return config.codexHome;
  }

  private async open(
    conn: ClientConnection,
    config: Config,
    initialHistory: InitialHistory,
    turns: TurnRecord[],
    extra: {
      ephemeral: boolean;
      forkedFromId: string | null;
      createdAt?: number;
      preview?: string;
      configOverrides: Record<string, unknown> | null;
    },
  ): Promise<LoadedThread> {
    const key = apiKeyOutcome(config);
    if (!key.ok) throw new RpcError(INTERNAL_ERROR, key.message);
    // Ghost snapshots exist for undo, which the app-server does not serve (thread/revert leaves
    // files alone, as Codex's does); they cost every turn a few git processes. On only when config.toml asks for them.
    const ghost = config.features.ghost_commit ?? false;
    config = { ...config, features: { ...config.features, ghost_commit: ghost } };
    const started: { ok: true; value: NewConversation } | { ok: false; message: string } =
      await startSession(config, {
        apiKey: key.value,
        ephemeral: extra.ephemeral,
        source: "vscode",
        originator: conn.clientInfo?.name ?? "codex_app_server",
        initialHistory,
        log: this.ctx.log,
      });
    if (!started.ok) throw new RpcError(INTERNAL_ERROR, started.message);
    const { conversation, conversationId, sessionConfigured } = started.value;
    const now = nowSeconds();
    const thread = new LoadedThread(
      {
        id: conversationId,
        path: sessionConfigured.rollout_path,
        cwd: config.cwd,
        model: config.model,
        modelProvider: config.modelProviderId,
        reasoningEffort: config.modelReasoningEffort,
        preview: extra.preview ?? "",
        createdAt: extra.createdAt ?? now,
        updatedAt: now,
        ephemeral: extra.ephemeral,
        forkedFromId: extra.forkedFromId,
        originator: conn.clientInfo?.name ?? null,
        source: "vscode",
        name: null,
      },
      config,
      conversation,
      [...turns],
      (t) => this.threads.delete(t.id),
    );
    thread.configOverrides = extra.configOverrides;
    thread.subscribers.add(conn);
    this.threads.set(thread.id, thread);
    // The client left (or the server began stopping) while the session started: nobody will
    // ever drive or unload this thread, so stop it now rather than leak it.
    if (conn.closed) {
      await thread.close();
      throw new RpcError(INTERNAL_ERROR, "the client disconnected while the thread was starting");
    }
    return thread;
  }
}

function dropNulls<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}
