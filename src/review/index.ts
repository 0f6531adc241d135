// Review mode: the reviewer's prompt and output schema, parsing its answer, recording and
// rendering the result, and turning a git target into a review request.
export { REVIEW_OUTPUT_SCHEMA, REVIEW_PROMPT } from "./prompt.js";
export { emptyReviewOutput, parseReviewOutput } from "./parse.js";
export {
  findingLocation,
  formatFindingsBlock,
  renderReviewOutputText,
  REVIEW_FALLBACK_MESSAGE,
  REVIEW_INTERRUPTED_MESSAGE,
  reviewAssistantMessage,
  reviewResultMessage,
} from "./format.js";
export {
  buildReviewRequest,
  MAX_REVIEW_DIFF_CHARS,
  NothingToReview,
  ReviewTargetError,
} from "./target.js";
export type { ReviewTarget } from "./target.js";
