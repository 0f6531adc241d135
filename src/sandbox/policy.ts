// Sandbox policies: building them from config, and what they let a command write.
import { existsSync, lstatSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import type { SandboxMode, SandboxPolicy } from "../protocol/index.js";

/** `[sandbox_workspace_write]` as written in config.toml (every key optional). */
export interface WorkspaceWriteConfig {
  writable_roots?: string[];
  network_access?: boolean;
  exclude_tmpdir_env_var?: boolean;
  exclude_slash_tmp?: boolean;
}

/**
 * Names kept read-only inside every writable root. Writing them would let a command plant code
 * that runs later outside the sandbox (git hooks and config, Codex config, agent skills).
 */
export const PROTECTED_NAMES: readonly string[] = [".git", ".codex", ".agents"];

/** A directory the sandboxed command may write, minus its protected subpaths. */
export interface WritableRoot {
  root: string;
  /** `root/.git`, `root/.codex`, `root/.agents`: absolute, whether or not they exist yet. */
  protectedPaths: string[];
}

export type SandboxEnv = Record<string, string | undefined>;

export function sandboxPolicyFromMode(
  mode: SandboxMode,
  cfg: WorkspaceWriteConfig = {},
): SandboxPolicy {
  switch (mode) {
    case "read-only":
      return { type: "read-only" };
    case "danger-full-access":
      return { type: "danger-full-access" };
    case "workspace-write":
      return {
        type: "workspace-write",
        writable_roots: [...(cfg.writable_roots ?? [])],
        network_access: cfg.network_access ?? false,
        exclude_tmpdir_env_var: cfg.exclude_tmpdir_env_var ?? false,
        exclude_slash_tmp: cfg.exclude_slash_tmp ?? false,
      };
  }
}

export const LEGACY_SANDBOX_PERMISSIONS: readonly string[] = [
  "disk-full-read-access",
  "disk-write-platform-user-temp-folder",
  "disk-write-platform-global-temp-folder",
  "disk-write-cwd",
  "disk-full-write-access",
  "network-full-access",
  "disk-write-folder=PATH",
];

/**
 * Maps the legacy `sandbox_permissions` list onto a policy. Reading is always allowed, so
 * `disk-full-read-access` adds nothing. Any write permission gives workspace-write (which always
 * includes the cwd); full write gives `/` as a root, or no sandbox at all together with network.
 */
export function sandboxPolicyFromLegacyPermissions(
  permissions: readonly string[],
  cwd: string,
): SandboxPolicy {
  let writeCwd = false;
  let userTemp = false;
  let globalTemp = false;
  let fullWrite = false;
  let network = false;
  const folders: string[] = [];
  for (const permission of permissions) {
    if (permission.startsWith("disk-write-folder=")) {
      const folder = permission.slice("disk-write-folder=".length);
      if (!folder)
        throw new Error(
          `sandbox_permissions: "disk-write-folder=" needs a path, e.g. disk-write-folder=/srv/out`,
        );
      folders.push(resolve(cwd, folder));
      continue;
    }
    switch (permission) {
      case "disk-full-read-access":
        break;
      case "disk-write-cwd":
        writeCwd = true;
        break;
      case "disk-write-platform-user-temp-folder":
        userTemp = true;
        break;
      case "disk-write-platform-global-temp-folder":
        globalTemp = true;
        break;
      case "disk-full-write-access":
        fullWrite = true;
        break;
      case "network-full-access":
        network = true;
        break;
      default:
        throw new Error(
          `sandbox_permissions: unknown permission "${permission}"; expected one of ${LEGACY_SANDBOX_PERMISSIONS.join(", ")}`,
        );
    }
  }
  if (fullWrite && network) return { type: "danger-full-access" };
  if (!fullWrite && !writeCwd && !userTemp && !globalTemp && folders.length === 0)
    return { type: "read-only" };
  return {
    type: "workspace-write",
    writable_roots: fullWrite ? ["/", ...folders] : folders,
    network_access: network,
    exclude_tmpdir_env_var: !userTemp,
    exclude_slash_tmp: !globalTemp,
  };
}

export function hasFullNetworkAccess(policy: SandboxPolicy): boolean {
  return (
    policy.type === "danger-full-access" ||
    (policy.type === "workspace-write" && policy.network_access)
  );
}

/**
 * The absolute roots a command may write under `policy`, in a stable order: cwd, configured
 * roots (relative ones resolved against the session cwd), `/tmp`, `$TMPDIR`. Like Codex, nothing
 * under `$CODEX_HOME` is writable (not even `memories`): a command could otherwise rewrite what
 * later sessions trust. Paths are not required to exist; enforcement skips missing ones.
 */
export function writableRoots(
  policy: SandboxPolicy,
  cwd: string,
  env: SandboxEnv,
  _codexHome: string,
): WritableRoot[] {
  if (policy.type !== "workspace-write") return [];
  const candidates = [cwd, ...policy.writable_roots.map((root) => resolve(cwd, root))];
  if (!policy.exclude_slash_tmp) candidates.push("/tmp");
  const tmpdir = env.TMPDIR;
  if (!policy.exclude_tmpdir_env_var && tmpdir && isAbsolute(tmpdir)) candidates.push(tmpdir);

  const seen = new Set<string>();
  const roots: WritableRoot[] = [];
  for (const candidate of candidates) {
    const root = resolve(candidate);
    if (seen.has(root)) continue;
    seen.add(root);
    roots.push({ root, protectedPaths: PROTECTED_NAMES.map((name) => join(root, name)) });
  }
  return roots;
}

/** Resolves symlinks in the longest existing prefix of `path`; the rest is appended verbatim. */
export function resolveExistingPrefix(path: string): string {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return join(current, ...missing.reverse());
      missing.push(basename(current));
      current = parent;
    }
  }
}

export function isWithin(path: string, dir: string): boolean {
  if (path === dir) return true;
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

export interface WriteCheckContext {
  cwd: string;
  env: SandboxEnv;
  codexHome: string;
}

/**
 * Whether the sandbox would let a command write `path` (used by apply_patch to decide between
 * writing and asking). Symlinks in the existing part of the path are resolved, so a link inside a
 * root that points outside it does not count as inside. A file with other hard links is refused:
 * writing it in place would also change the copy outside the roots.
 */
export function canWritePath(path: string, policy: SandboxPolicy, ctx: WriteCheckContext): boolean {
  if (policy.type === "danger-full-access") return true;
  if (policy.type === "read-only") return false;
  const target = resolveExistingPrefix(resolve(ctx.cwd, path));
  try {
    const st = lstatSync(target);
    if (st.isFile() && st.nlink > 1) return false;
  } catch {
    // Does not exist yet: creating it is decided by its directory alone.
  }
  return writableRoots(policy, ctx.cwd, ctx.env, ctx.codexHome).some((entry) => {
    if (!existsSync(entry.root)) return false;
    const root = resolveExistingPrefix(entry.root);
    if (!isWithin(target, root)) return false;
    return !PROTECTED_NAMES.some((name) => isWithin(target, join(root, name)));
  });
}
