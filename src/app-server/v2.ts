// Builders for the v2 wire objects (Thread, Turn, policies, token usage) from codex-ts state.
// Field names and nullability follow the reference's `Thread`/`Turn` as captured.
import type {
  AskForApproval,
  PlanItem,
  RateLimitSnapshot,
  SandboxPolicy,
  ThreadItem,
  TokenUsage,
  TokenUsageInfo,
} from "../protocol/index.js";
import { CLI_VERSION } from "../version.js";

/** What a thread is, whether loaded or only on disk. */
export interface ThreadInfo {
  id: string;
  path: string | null;
  cwd: string;
  model: string | null;
  modelProvider: string;
  reasoningEffort: string | null;
  preview: string;
  createdAt: number;
  updatedAt: number;
  ephemeral: boolean;
  forkedFromId: string | null;
  originator: string | null;
  source: string;
  name: string | null;
  cliVersion?: string;
}

export type ThreadStatus =
  | { type: "notLoaded" }
  | { type: "idle" }
  | { type: "systemError" }
  | { type: "active"; activeFlags: string[] };

export type TurnStatus = "completed" | "interrupted" | "failed" | "inProgress";

/** A turn as the app-server tracks it. */
export interface TurnRecord {
  id: string;
  items: ThreadItem[];
  status: TurnStatus;
  error: { message: string } | null;
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
}

const SOURCES = new Set(["cli", "vscode", "exec", "appServer", "unknown"]);

export function threadObject(
  info: ThreadInfo,
  status: ThreadStatus,
  turns: TurnRecord[],
): Record<string, unknown> {
  return {
    id: info.id,
    environments: [{ environmentId: "local", cwd: info.cwd, runtimeWorkspaceRoots: [info.cwd] }],
    extra: null,
    sessionId: info.id,
    forkedFromId: info.forkedFromId,
    attachedToThreadId: null,
    parentThreadId: null,
    preview: info.preview,
    ephemeral: info.ephemeral,
    section: null,
    sectionEnteredAt: null,
    projectId: null,
    historyMode: "paginated",
    modelProvider: info.modelProvider,
    model: info.model,
    reasoningEffort: info.reasoningEffort,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
    recencyAt: info.updatedAt,
    status,
    path: info.path,
    cwd: info.cwd,
    cliVersion: info.cliVersion ?? CLI_VERSION,
    originator: info.originator,
    source: SOURCES.has(info.source) ? info.source : { custom: info.source },
    canAcceptDirectInput: true,
    threadSource: null,
    agentNickname: null,
    agentRole: null,
    gitInfo: null,
    name: info.name,
    daybreakEnabled: null,
    turns: turns.map((t) => turnObject(t, "full")),
  };
}

export function turnObject(
  t: TurnRecord,
  view: "notLoaded" | "summary" | "full",
): Record<string, unknown> {
  const items =
    view === "full" ? t.items : view === "summary" ? t.items.filter(isFinalMessage).slice(-1) : [];
  return {
    id: t.id,
    rootTurnId: t.id,
    items,
    itemsView: view,
    status: t.status,
    error: t.error,
    startedAt: t.startedAt,
    completedAt: t.completedAt,
    durationMs: t.durationMs,
  };
}

function isFinalMessage(item: ThreadItem): boolean {
  return item.type === "agentMessage";
}

/** Our kebab-case policy as the v2 camelCase `SandboxPolicy`. */
export function sandboxPolicyV2(p: SandboxPolicy): Record<string, unknown> {
  switch (p.type) {
    case "read-only":
      return { type: "readOnly", networkAccess: false };
    case "danger-full-access":
      return { type: "dangerFullAccess" };
    case "workspace-write":
      return {
        type: "workspaceWrite",
        writableRoots: p.writable_roots,
        networkAccess: p.network_access,
        excludeTmpdirEnvVar: p.exclude_tmpdir_env_var,
        excludeSlashTmp: p.exclude_slash_tmp,
      };
  }
}

/** v2 has no `on-failure`; it is the closest of the three the reference lists. */
export function approvalPolicyV2(p: AskForApproval): string {
  return p === "on-failure" ? "on-request" : p;
}

function breakdown(u: TokenUsage): Record<string, number> {
  return {
    totalTokens: u.total_tokens,
    inputTokens: u.input_tokens,
    cachedInputTokens: u.cached_input_tokens,
    cacheWriteInputTokens: 0,
    outputTokens: u.output_tokens,
    reasoningOutputTokens: u.reasoning_output_tokens,
  };
}

export function tokenUsageV2(info: TokenUsageInfo): Record<string, unknown> {
  return {
    total: breakdown(info.total_token_usage),
    last: breakdown(info.last_token_usage),
    modelContextWindow: info.model_context_window,
  };
}

export function rateLimitsV2(r: RateLimitSnapshot | null): Record<string, unknown> {
  const win = (w: RateLimitSnapshot["primary"]) =>
    w
      ? {
          usedPercent: Math.round(w.used_percent),
          windowDurationMins: w.window_minutes ?? null,
          resetsAt: w.resets_at ?? null,
        }
      : null;
  return {
    limitId: "codex",
    limitName: null,
    normalModelSlug: null,
    primary: win(r?.primary),
    secondary: win(r?.secondary),
    credits: null,
    individualLimit: null,
    spendControlReached: null,
    planType: null,
    rateLimitReachedType: null,
  };
}

export function planV2(plan: PlanItem[]): Array<{ step: string; status: string }> {
  return plan.map((p) => ({
    step: p.step,
    status: p.status === "in_progress" ? "inProgress" : p.status,
  }));
}

/** Seconds since the epoch, as Thread/Turn timestamps are. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
