// Session persistence: rollout files (record, read, reconstruct, list, find).
export type {
  CompactedItem,
  GitInfo,
  RolloutItem,
  RolloutItemType,
  RolloutLine,
  SessionMeta,
  SessionSource,
  TurnContextItem,
} from "./types.js";
export { ROLLOUT_ITEM_TYPES } from "./types.js";
export { RolloutRecorder } from "./recorder.js";
export type { CreateRecorderParams, ResumeRecorderParams } from "./recorder.js";
export { gitInfo, GIT_INFO_TIMEOUT_MS } from "./git-info.js";
export { PERSISTED_EVENT_TYPES, shouldPersist } from "./policy.js";
export { MAX_STORED_TOOL_OUTPUT_CHARS, truncateForStorage, truncateMiddle } from "./truncate.js";
export { readRollout, parseRollout, parseRolloutLine } from "./reader.js";
export type { RolloutContents, RolloutLineError } from "./reader.js";
export {
  buildCompactedHistory,
  collectUserMessages,
  COMPACT_USER_MESSAGE_MAX_TOKENS,
  CONTEXT_MESSAGE_PREFIXES,
  eventMsgsForReplay,
  forkItems,
  isContextMessage,
  isSummaryMessage,
  isUserMessage,
  leadingContext,
  reconstructHistory,
  SUMMARY_PREFIX,
} from "./reconstruct.js";
export type { ReconstructOptions } from "./reconstruct.js";
export { findLatestSession, listSessions, walkRolloutFiles } from "./list.js";
export type { ListSessionsParams, SessionPage, SessionSummary } from "./list.js";
export { findSessionById } from "./find.js";
export { fileTimestamp, rolloutPathFor, sessionsDir, parseRolloutFileName } from "./paths.js";
