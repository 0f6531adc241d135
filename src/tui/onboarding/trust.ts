// The trust prompt for a directory Codex has not seen, the approval presets it offers, and how
// trust is recorded: `[projects."<abs path>"] trust_level = "trusted"` in config.toml.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import type { Config } from "../../config/types.js";
import { editTomlFile } from "../../config/edit/index.js";
import type { AskForApproval, SandboxMode } from "../../protocol/index.js";
import type { SessionFlags } from "../../cli/shared-options.js";
import { selectPrompt, type PromptHost } from "./prompts.js";
import { isRepoRootSync } from "../../git/marker.js";

export interface ApprovalPreset {
  id: "read-only" | "auto" | "full-access";
  label: string;
  description: string;
  approval: AskForApproval;
  sandbox: SandboxMode;
}

export const APPROVAL_PRESETS: ApprovalPreset[] = [
  {
    id: "read-only",
    label: "Read Only",
    description:
      "Codex can read files and answer questions; editing or running commands needs your approval.",
    approval: "on-request",
    sandbox: "read-only",
  },
  {
    id: "auto",
    label: "Auto",
    description:
      "Codex can read and edit files and run commands in this folder; going beyond it or using the network needs your approval.",
    approval: "on-request",
    sandbox: "workspace-write",
  },
  {
    id: "full-access",
    label: "Full Access",
    description: "Codex can edit any file and use the network without asking. Use with care.",
    approval: "never",
    sandbox: "danger-full-access",
  },
];

/** The git repository root containing `dir`, or `dir` itself: what trust is recorded for. */
export function trustRoot(dir: string): string {
  let cur = dir;
  for (;;) {
    if (isRepoRootSync(cur)) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return dir;
    cur = parent;
  }
}

/** The recorded trust of `cwd` (its own entry, its repo root's, or an ancestor's). */
export function recordedTrust(
  config: Pick<Config, "projects">,
  cwd: string,
): "trusted" | "untrusted" | null {
  let cur = cwd;
  for (;;) {
    const level = config.projects[cur]?.trustLevel;
    if (level) return level;
    const parent = path.dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
}

export function recordTrust(configPath: string, dir: string, level: "trusted" | "untrusted"): void {
  editTomlFile(configPath, (doc) => doc.setValue(["projects", dir, "trust_level"], level));
}

/** Whether the command line already decided the policies (then we do not ask). */
export function flagsChoosePolicy(flags: SessionFlags): boolean {
  const raw = flags.config ?? [];
  return (
    !!flags.sandbox ||
    !!flags.askForApproval ||
    !!flags.fullAuto ||
    !!flags.dangerouslyBypassApprovalsAndSandbox ||
    raw.some((r) => /^\s*(sandbox_mode|approval_policy)\s*=/.test(r))
  );
}

/** Whether config.toml (top level or the active profile) sets sandbox_mode. */
export function configSetsSandbox(config: Pick<Config, "configPath" | "activeProfile">): boolean {
  try {
    const doc = parse(readFileSync(config.configPath, "utf8")) as Record<string, unknown>;
    if ("sandbox_mode" in doc) return true;
    const profiles = doc.profiles as Record<string, Record<string, unknown>> | undefined;
    return !!(
      config.activeProfile &&
      profiles?.[config.activeProfile] &&
      "sandbox_mode" in profiles[config.activeProfile]!
    );
  } catch {
    return false;
  }
}

/** Ask how much to trust `root`; null when the user quits. */
export async function askTrust(host: PromptHost, root: string): Promise<ApprovalPreset | null> {
  const choice = await selectPrompt(host, {
    title: `You are running Codex in ${root}`,
    body: [
      "This folder has not been used with Codex before. Choose what Codex may do here without asking; your choice is remembered for this folder (and can be changed later with /approvals).",
    ],
    choices: APPROVAL_PRESETS.map((p) => ({ label: p.label, detail: p.description })),
    initial: 1,
  });
  return choice === null ? null : (APPROVAL_PRESETS[choice] ?? null);
}
