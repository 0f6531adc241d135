// Prompt history shared by all sessions ($CODEX_HOME/history.jsonl).
export {
  appendHistoryEntry,
  historyMetadata,
  historyPath,
  lookupHistoryEntry,
  HISTORY_FILE_NAME,
  TRIM_TARGET_RATIO,
} from "./history-file.js";
export type { AppendHistoryParams, HistoryMetadata } from "./history-file.js";
export { withFileLock, DEFAULT_LOCK_STALE_MS, DEFAULT_LOCK_TIMEOUT_MS } from "./lock.js";
export type { LockOptions } from "./lock.js";
