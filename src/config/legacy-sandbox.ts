// The pre-`sandbox_mode` permission list (`sandbox_permissions = ["disk-full-read-access", …]`)
// mapped onto today's modes. It cannot express everything (e.g. network without writes), so the
// mapping picks the closest mode and says what it dropped.
import type { SandboxMode } from "../protocol/index.js";
import { ConfigIssue } from "./schema-check.js";
import type { KeyPath } from "./toml-locate.js";

export interface LegacySandbox {
  mode: SandboxMode;
  writableRoots: string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
  /** Permissions that the chosen mode cannot honour exactly. */
  notes: string[];
}

const SIMPLE = new Set([
  "disk-full-read-access",
  "disk-write-platform-user-temp-folder",
  "disk-write-platform-global-temp-folder",
  "disk-write-cwd",
  "disk-full-write-access",
  "network-full-access",
]);

const FOLDER_PREFIX = "disk-write-folder=";

export function mapLegacySandboxPermissions(
  permissions: readonly string[],
  path: KeyPath,
): LegacySandbox {
  const writableRoots: string[] = [];
  const seen = new Set<string>();
  permissions.forEach((p, i) => {
    if (p.startsWith(FOLDER_PREFIX) && p.length > FOLDER_PREFIX.length) {
      writableRoots.push(p.slice(FOLDER_PREFIX.length));
    } else if (SIMPLE.has(p)) {
      seen.add(p);
    } else {
      throw new ConfigIssue(
        [...path, i],
        `invalid value for \`sandbox_permissions\`: unknown permission ${JSON.stringify(p)}; expected one of ${[...SIMPLE].join(", ")}, ${FOLDER_PREFIX}PATH (or use sandbox_mode instead)`,
      );
    }
  });
  const networkAccess = seen.has("network-full-access");
  const notes: string[] = [];
  if (seen.has("disk-full-write-access")) {
    return {
      mode: "danger-full-access",
      writableRoots: [],
      networkAccess: true,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
      notes,
    };
  }
  const writes =
    writableRoots.length > 0 ||
    seen.has("disk-write-cwd") ||
    seen.has("disk-write-platform-user-temp-folder") ||
    seen.has("disk-write-platform-global-temp-folder");
  if (!writes) {
    if (networkAccess) notes.push('network-full-access needs sandbox_mode = "workspace-write"');
    return {
      mode: "read-only",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: true,
      excludeSlashTmp: true,
      notes,
    };
  }
  if (!seen.has("disk-write-cwd")) notes.push("the working directory is always writable now");
  return {
    mode: "workspace-write",
    writableRoots,
    networkAccess,
    excludeTmpdirEnvVar: !seen.has("disk-write-platform-user-temp-folder"),
    excludeSlashTmp: !seen.has("disk-write-platform-global-temp-folder"),
    notes,
  };
}
