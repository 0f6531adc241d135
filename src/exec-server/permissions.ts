// Codex's permission profile (the `sandbox.permissions` object on the exec-server wire) to and
// from our SandboxPolicy. The profile lists filesystem entries with `read`/`write` access; the
// policy says the same with writable roots, so the mapping is: any `write` entry makes it
// workspace-write with those roots, none makes it read-only, `disabled` is full access.
import { z } from "zod";
import type { SandboxPolicy } from "../protocol/index.js";
import { ErrorCode, RpcError } from "./protocol.js";

const PathRef = z.union([
  z.object({ type: z.literal("path"), path: z.string() }),
  z.object({ type: z.literal("special"), value: z.object({ kind: z.string() }) }),
]);
const Entry = z.object({
  path: PathRef,
  access: z.enum(["read", "write", "none"]),
  missing_path_behavior: z.string().optional(),
});
const Profile = z.union([
  z.object({
    type: z.literal("managed"),
    file_system: z.union([
      z.object({ type: z.literal("restricted"), entries: z.array(Entry) }),
      z.object({ type: z.literal("unrestricted") }),
    ]),
    network: z.enum(["restricted", "enabled"]).default("restricted"),
  }),
  z.object({ type: z.literal("disabled") }),
]);

export function policyFromPermissions(permissions: unknown): SandboxPolicy {
  const parsed = Profile.safeParse(permissions);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RpcError(
      ErrorCode.InvalidParams,
      `invalid permission profile at ${issue.path.join(".") || "permissions"}: ${issue.message}`,
    );
  }
  const profile = parsed.data;
  if (profile.type === "disabled" || profile.file_system.type === "unrestricted") {
    return { type: "danger-full-access" };
  }
  const writes = profile.file_system.entries.filter((e) => e.access === "write");
  if (writes.length === 0) return { type: "read-only" };
  const special = new Set(
    writes.flatMap((e) => (e.path.type === "special" ? [e.path.value.kind] : [])),
  );
  if (special.has("root")) return { type: "danger-full-access" };
  return {
    type: "workspace-write",
    writable_roots: writes.flatMap((e) => (e.path.type === "path" ? [e.path.path] : [])),
    network_access: profile.network === "enabled",
    exclude_slash_tmp: !special.has("slash_tmp"),
    exclude_tmpdir_env_var: !special.has("tmpdir"),
  };
}
