// The <environment_context> message: what the model needs to know about where it runs.
import path from "node:path";
import type { AskForApproval, ResponseItem, SandboxPolicy } from "../protocol/index.js";

export interface EnvironmentContext {
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  shell: string;
}

export function sandboxModeName(policy: SandboxPolicy): string {
  return policy.type;
}

export function networkAccess(policy: SandboxPolicy): "enabled" | "restricted" {
  if (policy.type === "danger-full-access") return "enabled";
  if (policy.type === "workspace-write" && policy.network_access) return "enabled";
  return "restricted";
}

/** The user's shell name (bash, zsh, …) from $SHELL. */
export function userShellName(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELL ? path.basename(env.SHELL) : "bash";
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function formatEnvironmentContext(ctx: EnvironmentContext): string {
  const lines = [
    "<environment_context>",
    `  <cwd>${escapeXml(ctx.cwd)}</cwd>`,
    `  <approval_policy>${ctx.approvalPolicy}</approval_policy>`,
    `  <sandbox_mode>${sandboxModeName(ctx.sandboxPolicy)}</sandbox_mode>`,
    `  <network_access>${networkAccess(ctx.sandboxPolicy)}</network_access>`,
  ];
  if (ctx.sandboxPolicy.type === "workspace-write" && ctx.sandboxPolicy.writable_roots.length) {
    lines.push("  <writable_roots>");
    for (const root of ctx.sandboxPolicy.writable_roots) {
      lines.push(`    <root>${escapeXml(root)}</root>`);
    }
    lines.push("  </writable_roots>");
  }
  lines.push(`  <shell>${escapeXml(ctx.shell)}</shell>`, "</environment_context>");
  return lines.join("\n");
}

export function sameEnvironment(a: EnvironmentContext, b: EnvironmentContext): boolean {
  return (
    a.cwd === b.cwd &&
    a.approvalPolicy === b.approvalPolicy &&
    JSON.stringify(a.sandboxPolicy) === JSON.stringify(b.sandboxPolicy)
  );
}

/** The initial context items: AGENTS.md instructions (if any), then the environment. */
export function buildInitialContext(opts: {
  userInstructions?: string;
  developerInstructions?: string;
  environment: EnvironmentContext;
}): ResponseItem[] {
  const items: ResponseItem[] = [];
  if (opts.developerInstructions) {
    items.push({
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: opts.developerInstructions }],
    });
  }
  const parts: { type: "input_text"; text: string }[] = [];
  if (opts.userInstructions) parts.push({ type: "input_text", text: opts.userInstructions });
  parts.push({ type: "input_text", text: formatEnvironmentContext(opts.environment) });
  items.push({ type: "message", role: "user", content: parts });
  return items;
}

/** An environment update recorded when settings change between turns. */
export function environmentUpdateItem(env: EnvironmentContext): ResponseItem {
  return {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: formatEnvironmentContext(env) }],
  };
}
