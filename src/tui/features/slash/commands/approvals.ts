// `/approvals`: switch between the three approval + sandbox presets for the following turns.
import type { AskForApproval, SandboxPolicy } from "../../../../protocol/index.js";
import { busyError, type FeatureCommand, type Picker, type SlashAction } from "../actions.js";

export interface ApprovalPreset {
  id: "read-only" | "auto" | "full-access";
  label: string;
  description: string;
  approval: AskForApproval;
  sandbox: SandboxPolicy;
}

/** Keeps configured writable roots when switching to Auto from a workspace-write config. */
function workspaceWrite(configured: SandboxPolicy): SandboxPolicy {
  if (configured.type === "workspace-write") return configured;
  return {
    type: "workspace-write",
    writable_roots: [],
    network_access: false,
    exclude_tmpdir_env_var: false,
    exclude_slash_tmp: false,
  };
}

export function approvalPresets(configured: SandboxPolicy): ApprovalPreset[] {
  return [
    {
      id: "read-only",
      label: "Read Only",
      description: "reads files; asks before editing or running anything that writes",
      approval: "on-request",
      sandbox: { type: "read-only" },
    },
    {
      id: "auto",
      label: "Auto",
      description: "reads, edits and runs commands in the workspace; asks to go beyond it",
      approval: "on-request",
      sandbox: workspaceWrite(configured),
    },
    {
      id: "full-access",
      label: "Full Access",
      description: "no sandbox and no questions, network included; use with care",
      approval: "never",
      sandbox: { type: "danger-full-access" },
    },
  ];
}

function sameSandboxKind(a: SandboxPolicy, b: SandboxPolicy): boolean {
  return a.type === b.type;
}

function applyPreset(preset: ApprovalPreset): SlashAction[] {
  return [
    {
      type: "op",
      op: {
        type: "override_turn_context",
        approval_policy: preset.approval,
        sandbox_policy: preset.sandbox,
      },
    },
    {
      type: "info",
      lines: [
        `Approval mode set to ${preset.label} (approval: ${preset.approval}, sandbox: ${preset.sandbox.type}).`,
      ],
    },
  ];
}

export function approvalsPicker(
  current: { approval: AskForApproval; sandbox: SandboxPolicy },
  configured: SandboxPolicy,
): Picker {
  return {
    title: "Approval mode",
    items: approvalPresets(configured).map((preset) => ({
      label: preset.label,
      description: preset.description,
      current:
        preset.approval === current.approval && sameSandboxKind(preset.sandbox, current.sandbox),
      actions: applyPreset(preset),
    })),
  };
}

export const approvalsCommand: FeatureCommand = {
  name: "approvals",
  description: "choose what Codex may do without asking",
  run(ctx, args) {
    if (ctx.taskRunning) return [busyError("approvals")];
    const presets = approvalPresets(ctx.config.sandboxPolicy);
    const wanted = args
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, "-");
    if (wanted !== "") {
      const preset = presets.find((p) => p.id === wanted);
      if (!preset) {
        return [
          {
            type: "error",
            message: `Unknown approval mode "${args.trim()}". Use one of: ${presets.map((p) => p.id).join(", ")}.`,
          },
        ];
      }
      return applyPreset(preset);
    }
    return [
      {
        type: "picker",
        picker: approvalsPicker(
          { approval: ctx.session.approvalPolicy, sandbox: ctx.session.sandboxPolicy },
          ctx.config.sandboxPolicy,
        ),
      },
    ];
  },
};
