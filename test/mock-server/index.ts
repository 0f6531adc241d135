// The scripted mock model server used by integration tests and benchmarks.
export { startMockServer } from "./server.js";
export { sse, responsesStream, plainAnswer, type MockUsage } from "./sse.js";
export { chatSse, chatStream, chatAnswer, type ToolCallDelta } from "./chat-sse.js";
export {
  requestViolations,
  responsesInputViolations,
  chatMessagesViolations,
} from "./invariant.js";
export type * from "./types.js";
