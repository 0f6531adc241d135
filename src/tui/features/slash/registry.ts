// The slash commands this module adds to the app's built-ins (/new, /quit, /status, /compact,
// /diff, /undo are the app's own). Custom prompts are added per session as /prompts:<name>.
import type { FeatureCommand } from "./actions.js";
import { approvalsCommand } from "./commands/approvals.js";
import { initCommand } from "./commands/init.js";
import { mcpCommand } from "./commands/mcp.js";
import { mentionCommand } from "./commands/mention.js";
import { modelCommand } from "./commands/model.js";
import { resumeCommand } from "./commands/resume.js";
import { reviewCommand } from "./commands/review.js";

export const FEATURE_COMMANDS: readonly FeatureCommand[] = [
  modelCommand,
  approvalsCommand,
  reviewCommand,
  resumeCommand,
  initCommand,
  mentionCommand,
  mcpCommand,
];
