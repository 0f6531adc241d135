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
