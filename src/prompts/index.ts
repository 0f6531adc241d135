// Custom prompts (`/prompts:<name>`): discovery and argument expansion.
export {
  listCustomPrompts,
  loadPromptsFrom,
  projectPromptsDir,
  projectRoot,
  userPromptsDir,
} from "./discover.js";
export { parseFrontMatter } from "./front-matter.js";
export type { PromptFrontMatter } from "./front-matter.js";
export { expandCustomPrompt, namedPlaceholders } from "./expand.js";
export type { ExpandResult } from "./expand.js";
