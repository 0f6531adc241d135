// Public API of the sandbox: policies, the spawn transform, backend detection, denial detection.
export {
  LEGACY_SANDBOX_PERMISSIONS,
  PROTECTED_NAMES,
  canWritePath,
  hasFullNetworkAccess,
  isWithin,
  resolveExistingPrefix,
  sandboxPolicyFromLegacyPermissions,
  sandboxPolicyFromMode,
  writableRoots,
} from "./policy.js";
export type {
  SandboxEnv,
  WorkspaceWriteConfig,
  WritableRoot,
  WriteCheckContext,
} from "./policy.js";
export { SandboxUnavailableError, sandboxUnavailableMessage } from "./backend.js";
export type { SandboxBackend, SandboxKind } from "./backend.js";
export { CODEX_SANDBOX_VALUES, SANDBOX_EXEC_PATH, buildSpawnPlan } from "./transform.js";
export type { SpawnPlan, SpawnRequest } from "./transform.js";
export {
  HELPER_NAME,
  defaultHelperPath,
  detectSandboxBackend,
  parseHelperProbe,
} from "./detect.js";
export type { DetectOptions, HelperProbe } from "./detect.js";
export { seatbeltInvocation } from "./seatbelt.js";
export { looksLikeSandboxDenial } from "./denial.js";
