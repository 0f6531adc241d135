// Public surface of the process runner: environment policy, bounded capture, model-facing
// output formats, one-shot runs, `exec_command` sessions, and who owns (and ends) each process.

export {
  CORE_ENV_VARS,
  DEFAULT_EXCLUDE_PATTERNS,
  compileEnvGlob,
  createChildEnv,
} from "./env-policy.js";
export {
  DEFAULT_CAPTURE_BYTES,
  HeadTailBuffer,
  capturedFromText,
  decodeLossy,
  type CapturedOutput,
} from "./output-buffer.js";
export {
  DEFAULT_MAX_OUTPUT_TOKENS,
  SHELL_OUTPUT_MAX_BYTES,
  SHELL_OUTPUT_MAX_LINES,
  approxTokenCount,
  formatShellOutputText,
  formatShellToolOutput,
  formatUnifiedExecReply,
  timedOutPrefix,
  truncateForModel,
  type ModelOutput,
  type ShellToolResult,
  type UnifiedExecReply,
} from "./truncate.js";
export {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_KILL_GRACE_MS,
  TIMEOUT_EXIT_CODE,
  describeSpawnError,
  runProcess,
  type OutputStream,
  type RunOptions,
  type RunResult,
  type SpawnPlan,
} from "./runner.js";
export { signalProcessGroup, signalProcessTree } from "./process-group.js";
export {
  DEFAULT_TERMINATE_GRACE_MS,
  ResourceScope,
  currentResourceScope,
  killAllProcessesSync,
  runInResourceScope,
  terminateAllProcesses,
  trackProcess,
  trackedProcessIds,
  type ProcessKind,
  type ScopedResource,
  type TrackOptions,
  type TrackedProcess,
} from "./resource-scope.js";
export {
  DEFAULT_MAX_POLL_YIELD_MS,
  DEFAULT_MAX_SESSIONS,
  EXEC_DEFAULT_YIELD_MS,
  MAX_YIELD_MS,
  MIN_EMPTY_POLL_YIELD_MS,
  MIN_YIELD_MS,
  UNIFIED_EXEC_ENV,
  UnifiedExecError,
  UnifiedExecManager,
  WRITE_DEFAULT_YIELD_MS,
  execYieldMs,
  writeYieldMs,
  type ExecCommandRequest,
  type UnifiedExecManagerOptions,
  type UnifiedExecResponse,
  type WriteStdinRequest,
} from "./unified-exec.js";
export { PTY_COLS, PTY_ROWS } from "./session-process.js";
