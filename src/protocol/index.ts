export type * from "./policies.js";
export type * from "./items.js";
export type * from "./ops.js";
export type * from "./events.js";
export type * from "./user-input.js";
export type * from "./thread-items.js";
export {
  APPROVAL_POLICIES,
  SANDBOX_MODES,
  REASONING_EFFORTS,
  REASONING_SUMMARIES,
  VERBOSITIES,
} from "./policies.js";
export { ZERO_USAGE } from "./items.js";
