// model/list, config/read, and the account/skills/hooks methods codex-ts answers simply.
import { findModelFamily } from "../config/model-family.js";
import type { Config } from "../config/types.js";
import { apiKeyOutcome } from "../session/index.js";
import type { Handler } from "./methods-threads.js";
import { parseParams } from "./rpc.js";
import {
  ConfigReadParamsSchema,
  ModelListParamsSchema,
  ThreadRevertParamsSchema,
} from "./schemas.js";
import type { ThreadRegistry } from "./thread-registry.js";
import { approvalPolicyV2 } from "./v2.js";

/** The models codex-ts knows well enough to offer (newest first). */
const OFFERED_MODELS = [
  "gpt-6.1-sol",
  "gpt-6.1-terra",
  "gpt-6-sol",
  "gpt-6-luna",
  "gpt-6-astra",
  "gpt-6",
  "gpt-5.6-sol",
  "gpt-5.6",
  "gpt-5.5",
];

const EFFORTS = ["low", "medium", "high", "xhigh"];

function modelEntry(slug: string, isDefault: boolean): Record<string, unknown> {
  const family = findModelFamily(slug);
  const effort = family.defaultReasoningEffort ?? "medium";
  return {
    id: slug,
    model: slug,
    displayName: slug,
    description: `${slug} (${family.contextWindow ?? "unknown"} token context)`,
    hidden: false,
    isDefault,
    defaultReasoningEffort: effort,
    supportedReasoningEfforts: EFFORTS.map((e) => ({ reasoningEffort: e, description: e })),
    inputModalities: ["text", "image"],
    supportsPersonality: false,
    upgrade: null,
  };
}

/** The effective config in the reference's snake_case `Config` shape (the keys codex-ts has). */
function configView(c: Config): Record<string, unknown> {
  return {
    model: c.model,
    model_provider: c.modelProviderId,
    model_context_window: c.modelContextWindow ?? null,
    model_auto_compact_token_limit: c.modelAutoCompactTokenLimit ?? null,
    approval_policy: approvalPolicyV2(c.approvalPolicy),
    sandbox_mode:
      c.sandboxPolicy.type === "read-only"
        ? "read-only"
        : c.sandboxPolicy.type === "workspace-write"
          ? "workspace-write"
          : "danger-full-access",
    model_reasoning_effort: c.modelReasoningEffort,
    model_reasoning_summary: c.modelReasoningSummary,
    developer_instructions: c.developerInstructions ?? null,
    show_raw_agent_reasoning: c.showRawAgentReasoning,
    notify: c.notify ?? null,
    mcp_servers: Object.fromEntries(Object.keys(c.mcpServers).map((k) => [k, {}])),
  };
}

export function miscMethods(reg: ThreadRegistry): Record<string, Handler> {
  return {
    // The reference answers with the thread's metadata (turns are paged separately), then
    // sends thread/reverted.
    "thread/revert": async (_conn, params) => {
      const p = parseParams(ThreadRevertParamsSchema, params);
      const thread = reg.loaded(p.threadId);
      await thread.revert(p.beforeTurnId);
      queueMicrotask(() => thread.broadcast("thread/reverted", { threadId: thread.id }));
      return {
        thread: thread.toThread(false),
        turnsBackwardsCursor: null,
        itemsBackwardsCursor: null,
      };
    },
    "model/list": async (_conn, params) => {
      const p = parseParams(ModelListParamsSchema, params);
      const config = await reg.loadConfig({});
      const slugs = OFFERED_MODELS.includes(config.model)
        ? OFFERED_MODELS
        : [config.model, ...OFFERED_MODELS];
      const data = slugs.map((s) => modelEntry(s, s === config.model));
      return { data: data.slice(0, p.limit ?? data.length), nextCursor: null };
    },
    "config/read": async (_conn, params) => {
      const p = parseParams(ConfigReadParamsSchema, params);
      const config = await reg.loadConfig({ cwd: p.cwd ?? undefined });
      return { config: configView(config), origins: {}, layers: p.includeLayers ? [] : null };
    },
    "skills/list": async () => ({ data: [] }),
    "hooks/list": async () => ({ data: [] }),
    getAuthStatus: async () => {
      const config = await reg.loadConfig({});
      const key = apiKeyOutcome(config);
      const has = key.ok && key.value !== undefined;
      return {
        authMethod: has ? "apikey" : null,
        authToken: null,
        requiresOpenaiAuth: config.modelProvider.requiresOpenaiAuth ?? false,
      };
    },
    "account/read": async () => {
      const config = await reg.loadConfig({});
      const key = apiKeyOutcome(config);
      const has = key.ok && key.value !== undefined;
      return {
        account: has ? { type: "apiKey" } : null,
        requiresOpenaiAuth: config.modelProvider.requiresOpenaiAuth ?? false,
      };
    },
  };
}
