// Text pieces of the human `codex exec` output that are worth testing on their own.
import type { SandboxPolicy } from "../protocol/index.js";

/** `3ms`, `1.25s`, `2m 05s` — the same shapes Codex prints after `succeeded in`. */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return `${whole}ms`;
  if (whole < 60_000) return `${(whole / 1000).toFixed(2)}s`;
  const minutes = Math.floor(whole / 60_000);
  const seconds = Math.floor((whole % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** `1234567` → `1,234,567`, independent of the machine's locale. */
export function formatThousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `read-only`, `danger-full-access`, or `workspace-write [workdir, /tmp, $TMPDIR, …]`. */
export function summarizeSandbox(policy: SandboxPolicy): string {
  if (policy.type !== "workspace-write") return policy.type;
  const roots = ["workdir"];
  if (!policy.exclude_slash_tmp) roots.push("/tmp");
  if (!policy.exclude_tmpdir_env_var) roots.push("$TMPDIR");
  roots.push(...policy.writable_roots);
  const network = policy.network_access ? " (network access enabled)" : "";
  return `workspace-write [${roots.join(", ")}]${network}`;
}

/** Splits command output into display lines, keeping at most `max`. */
export function headLines(text: string, max: number): { lines: string[]; omitted: number } {
  if (text === "") return { lines: [], omitted: 0 };
  const all = text.replace(/\r?\n$/, "").split(/\r?\n/);
  return { lines: all.slice(0, max), omitted: Math.max(0, all.length - max) };
}
