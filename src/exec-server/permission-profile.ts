// Our sandbox policy as Codex's permission profile, for requests to an exec-server. Kept apart
// from the parser (permissions.ts, zod) so a session that uses a remote environment does not
// load zod at start-up.
import type { SandboxPolicy } from "../protocol/index.js";

/** The profile a client sends for `policy` with the command running in `cwd`. */
export function permissionsFromPolicy(policy: SandboxPolicy, cwd: string): unknown {
  if (policy.type === "danger-full-access") return { type: "disabled" };
  const entries: unknown[] = [
    { path: { type: "special", value: { kind: "root" } }, access: "read" },
  ];
  if (policy.type === "workspace-write") {
    const write = (path: unknown) => entries.push({ path, access: "write" });
    write({ type: "path", path: cwd });
    for (const root of policy.writable_roots) write({ type: "path", path: root });
    if (!policy.exclude_slash_tmp) write({ type: "special", value: { kind: "slash_tmp" } });
    if (!policy.exclude_tmpdir_env_var) write({ type: "special", value: { kind: "tmpdir" } });
  }
  const network =
    policy.type === "workspace-write" && policy.network_access ? "enabled" : "restricted";
  return { type: "managed", file_system: { type: "restricted", entries }, network };
}
