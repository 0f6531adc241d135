export { Conversation, ConversationManager, type NewConversation } from "./conversation.js";
export { Session, INITIAL_SUBMIT_ID } from "./session.js";
export type {
  ExternalToolProvider,
  InitialHistory,
  SessionOptions,
  SessionPersistence,
  TurnSettings,
} from "./session-types.js";
export { BASE_INSTRUCTIONS } from "./base-instructions.js";
export { PendingApprovals } from "./approvals.js";
export type { ElicitationAnswer, ElicitationHost } from "./elicitations.js";
export { autoCompactLimit, AUTO_COMPACT_WINDOW_RATIO } from "./usage.js";
export { COMPACT_PROMPT } from "./tasks/compact.js";
export type { TaskKind } from "./tasks/types.js";
