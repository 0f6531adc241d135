// The `/status` card, worded as Codex's: model, provider, directory, permissions, AGENTS.md,
// session and rollout, then token usage (cached input not counted) and the context window.
import type { TokenUsageInfo } from "../../protocol/index.js";
import { shortenPath } from "../cells/common.js";
import { sandboxLabel } from "../cells/header.js";
import type { SessionInfo } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { padEnd, wrapLine } from "../terminal/width.js";
import { contextLeftPercent } from "./chat.js";

/** "  " + the widest label ("Context window:") and two spaces: where every value starts. */
const LABEL_WIDTH = 20;
const INDENT = "  ";

/** 999 → "999", 2200 → "2.2K", 2250 → "2.25K", 258_400 → "258K", 1_500_000 → "1.5M". */
export function formatTokensCompact(n: number): string {
  if (n < 1000) return String(Math.max(0, Math.round(n)));
  const [scaled, suffix] =
    n >= 1e12
      ? [n / 1e12, "T"]
      : n >= 1e9
        ? [n / 1e9, "B"]
        : n >= 1e6
          ? [n / 1e6, "M"]
          : [n / 1e3, "K"];
  const decimals = scaled < 10 ? 2 : scaled < 100 ? 1 : 0;
  let s = scaled.toFixed(decimals);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s + suffix;
}

export interface StatusInput {
  session: SessionInfo;
  providerId: string;
  agentsFiles: string[];
  tokenInfo: TokenUsageInfo | null;
  /** The model's context window when no usage has reported one yet. */
  contextWindow: number | null;
  home: string | undefined;
}

/** Codex counts what the model did not already have cached: non-cached input plus output. */
export function tokenUsageLine(info: TokenUsageInfo | null): string {
  const u = info?.total_token_usage;
  const input = Math.max(0, (u?.input_tokens ?? 0) - (u?.cached_input_tokens ?? 0));
  const output = u?.output_tokens ?? 0;
  return `${formatTokensCompact(input + output)} total  (${formatTokensCompact(input)} input + ${formatTokensCompact(output)} output)`;
}

export function contextWindowLine(info: TokenUsageInfo | null, fallback: number | null): string {
  const window = info?.model_context_window ?? fallback;
  if (!window) return "unknown";
  const used = info?.last_token_usage.total_tokens ?? 0;
  const left = contextLeftPercent(info, window) ?? 100;
  return `${left}% left (${formatTokensCompact(used)} used / ${formatTokensCompact(window)})`;
}

export function statusCard(i: StatusInput, width: number, t: Theme): string[] {
  const s = i.session;
  const row = (label: string, value: string): string[] => {
    // Long values (the rollout path) wrap under the value column, never back to column 0.
    const room = Math.max(10, width - LABEL_WIDTH);
    const pad = " ".repeat(LABEL_WIDTH);
    return wrapLine(value, room).map((l, k) =>
      k === 0 ? INDENT + t.dim(padEnd(`${label}:`, LABEL_WIDTH - INDENT.length)) + l : pad + l,
    );
  };
  const agents = i.agentsFiles.length
    ? i.agentsFiles.map((f) => shortenPath(f, i.home)).join(", ")
    : "<none>";
  return [
    `${t.accent("• ")}${t.bold("Status")}`,
    "",
    ...row("Model", `${s.model}${s.effort ? ` (reasoning ${s.effort})` : ""}`),
    ...row("Model provider", i.providerId),
    ...row("Directory", shortenPath(s.cwd, i.home)),
    ...row("Approval", s.approvalPolicy),
    ...row("Sandbox", sandboxLabel(s.sandboxPolicy)),
    ...row("Agents.md", agents),
    ...row("Session", s.sessionId),
    ...(s.rolloutPath ? row("Rollout", shortenPath(s.rolloutPath, i.home)) : []),
    "",
    ...row("Token usage", tokenUsageLine(i.tokenInfo)),
    ...row("Context window", contextWindowLine(i.tokenInfo, i.contextWindow)),
  ];
}
