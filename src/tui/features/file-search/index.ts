// `@` file search: background workspace index, fuzzy scoring and the composer popup.
export { NO_MATCH, matchPositions, prepareQuery, scorePath } from "./scorer.js";
export type { PreparedQuery } from "./scorer.js";
export { PathIndex } from "./path-index.js";
export { FileSearch } from "./search.js";
export type { FileMatch, FileSearchOptions, SearchSnapshot } from "./search.js";
export { startIndexing } from "./indexer.js";
export type { IndexerHandle, IndexerOptions } from "./indexer.js";
export { applyMention, findMentionToken, quotePathForPrompt } from "./mention-token.js";
export type { MentionToken } from "./mention-token.js";
