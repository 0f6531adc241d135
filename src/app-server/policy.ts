// v2 `SandboxPolicy` (camelCase) as the core's policy.
import type { SandboxPolicy } from "../protocol/index.js";
import type { z } from "zod";
import type { SandboxPolicySchema } from "./schemas.js";

export function corePolicy(p: z.infer<typeof SandboxPolicySchema>): SandboxPolicy {
  switch (p.type) {
    case "dangerFullAccess":
      return { type: "danger-full-access" };
    case "readOnly":
      return { type: "read-only" };
    case "workspaceWrite":
      return {
        type: "workspace-write",
        writable_roots: p.writableRoots ?? [],
        network_access: p.networkAccess ?? false,
        exclude_tmpdir_env_var: p.excludeTmpdirEnvVar ?? false,
        exclude_slash_tmp: p.excludeSlashTmp ?? false,
      };
  }
}
