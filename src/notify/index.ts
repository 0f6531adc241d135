// The external `notify` program.
export { agentTurnCompletePayload, runNotify } from "./notify.js";
export type { AgentTurnCompletePayload, NotifyPayload, RunNotifyOptions } from "./notify.js";
