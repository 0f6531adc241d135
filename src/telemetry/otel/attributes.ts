// Attribute values shared by events: the terminal, the auth mode, and the summary of a session
// that `codex.conversation_starts` carries (seed-spec B10.7).
import type { Attributes } from "@opentelemetry/api";
import { resolveApiKey } from "../../auth/index.js";
import type { Config } from "../../config/types.js";
import type { ContentItem, EventOf, TokenUsage } from "../../protocol/index.js";
import type { ToolCall } from "../../tools/types.js";

/** `TERM_PROGRAM[/version]`, else `TERM`, else "unknown" (what Codex's user agent reports). */
export function terminalType(env: NodeJS.ProcessEnv): string {
  const program = env.TERM_PROGRAM?.trim();
  if (program) {
    const version = env.TERM_PROGRAM_VERSION?.trim();
    return version ? `${program}/${version}` : program;
  }
  return env.TERM?.trim() || "unknown";
}

/** codex-ts signs in with API keys only: "ApiKey" when a key is configured, else absent. */
export function authMode(config: Config, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const r = resolveApiKey(config.modelProvider, config.modelProviderId, env, config.codexHome);
    return r.key ? "ApiKey" : undefined;
  } catch {
    return undefined;
  }
}

export function conversationStartsAttributes(
  config: Config,
  msg: EventOf<"session_configured">,
): Attributes {
  return {
    provider_name: config.modelProvider.name,
    reasoning_effort: msg.reasoning_effort ?? undefined,
    reasoning_summary: config.modelReasoningSummary,
    context_window: config.modelContextWindow ?? undefined,
    max_output_tokens: config.modelMaxOutputTokens ?? undefined,
    auto_compact_token_limit: config.modelAutoCompactTokenLimit ?? undefined,
    approval_policy: msg.approval_policy,
    sandbox_policy: msg.sandbox_policy.type,
    mcp_servers: Object.entries(config.mcpServers)
      .filter(([, s]) => s.enabled)
      .map(([name]) => name)
      .join(", "),
    active_profile: config.activeProfile,
  };
}

/** A tool call's arguments as the model sent them (`codex.tool_result` `arguments`). */
export function argumentsOf(call: ToolCall): string {
  const p = call.payload;
  if (p.kind === "function" || p.kind === "mcp") return p.arguments;
  if (p.kind === "custom") return p.input;
  return JSON.stringify({ command: p.command, workdir: p.workdir, timeout_ms: p.timeoutMs });
}

export function outputText(content: string | ContentItem[]): string {
  if (typeof content === "string") return content;
  return content.map((c) => ("text" in c ? c.text : `<${c.type}>`)).join("\n");
}

export const ZERO_USAGE: TokenUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
  total_tokens: 0,
};
