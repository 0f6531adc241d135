// `codex sandbox --explain` / `codex debug sandbox`: which layers are active on this machine and
// which backend each mode uses. The text is built from probes of the real helper and bwrap.
import type { SandboxPolicy } from "../protocol/index.js";
import type { BwrapStatus, HelperStatus } from "./detect.js";

export interface ExplainInput {
  platform: NodeJS.Platform;
  arch: string;
  helper: HelperStatus;
  bwrap: BwrapStatus;
  /** The configured policy and its writable roots, for the last section. */
  policy: SandboxPolicy;
  writableRoots: string[];
}

const HELPER_LAYERS = {
  full: {
    "read-only":
      "helper: user+mount namespace (every mount read-only) + Landlock + seccomp, network off",
    "workspace-write":
      "helper: user+mount namespace (writable roots bound back read-write; .git, .codex, .agents " +
      "read-only, and missing ones cannot be created, except a fresh .git in the workspace) + " +
      "Landlock + seccomp",
  },
  degraded: {
    "read-only":
      "helper, DEGRADED (no user namespaces): Landlock + seccomp; seccomp also refuses every " +
      "metadata change (chmod, chown, utimes, xattrs). Nothing weaker in practice.",
    "workspace-write":
      "helper, DEGRADED (no user namespaces): Landlock + seccomp only. WEAKER: .git/.codex/.agents " +
      "are writable, a root whose parent is writable can be replaced, chmod/utimes work outside " +
      "the roots (setuid bits, chown and xattrs stay refused)",
  },
};

const BWRAP_LAYERS =
  "bwrap: user+mount+pid+ipc namespaces, `/` read-only, writable roots bound back, protected " +
  "paths read-only, network namespace when off, plus the helper's seccomp rules. No Landlock; " +
  "missing .codex/.agents are created empty on first use and kept";

export function explainSandbox(input: ExplainInput): string {
  const lines: string[] = [`Sandbox layers on this machine (${input.platform} ${input.arch}):`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(20)}${value}`);
  if (input.platform !== "linux") {
    row("backend", input.platform === "darwin" ? "Seatbelt (/usr/bin/sandbox-exec)" : "none");
    return `${lines.join("\n")}\n`;
  }
  const { helper, bwrap } = input;
  row("helper", helper.path ?? "not built (needs a C compiler: apt-get install gcc)");
  if (helper.probe) {
    row(
      "landlock",
      helper.probe.landlockAbi > 0 ? `ABI ${helper.probe.landlockAbi}` : "unavailable",
    );
    row("user namespaces", helper.probe.userNamespaces ? "yes" : "no (degraded mode)");
    row("seccomp", "yes");
  } else if (!helper.usable) {
    row("", helper.problem);
  }
  row(
    "bubblewrap",
    bwrap.usable
      ? `${bwrap.path} (usable${bwrap.disableUserns ? ", --disable-userns" : ""})`
      : bwrap.problem,
  );

  lines.push("Backend per mode:");
  let restricted: { "read-only": string; "workspace-write": string };
  if (helper.usable) restricted = HELPER_LAYERS[helper.probe.userNamespaces ? "full" : "degraded"];
  else if (bwrap.usable)
    restricted = { "read-only": BWRAP_LAYERS, "workspace-write": BWRAP_LAYERS };
  else {
    const none = "NONE: commands are refused (fail closed); install gcc or bubblewrap";
    restricted = { "read-only": none, "workspace-write": none };
  }
  row("read-only", restricted["read-only"]);
  row("workspace-write", restricted["workspace-write"]);
  row("danger-full-access", "no sandbox");

  lines.push(`Configured policy: ${input.policy.type}`);
  if (input.policy.type === "workspace-write") {
    row("writable roots", input.writableRoots.join(", ") || "(none)");
    row("network", input.policy.network_access ? "on" : "off");
  }
  return `${lines.join("\n")}\n`;
}
