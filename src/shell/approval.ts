// What the approval policy means for one command, before any sandbox or
// session-cache consideration. The approval flow (tools) combines this with
// `approved_for_session` and the sandbox outcome.
//
//   destructive (dangerous.ts)  never → reject with a message for the model
//                               otherwise → ask, even under on-request/on-failure
//   known safe (safety.ts)      run without asking, under every policy (git only
//                               where it runs inside the session's directory)
//   anything else               untrusted → ask; other policies → run (sandboxed)

import type { AskForApproval } from "../protocol/index.js";
import { formatCommandForDisplay } from "./display.js";
import { dangerousCommandRejection, findDangerousCommand } from "./dangerous.js";
import { isKnownSafeCommand, type CommandLocation } from "./safety.js";

export type CommandApprovalRequirement =
  /** Run without asking (still inside whatever sandbox applies). */
  | { type: "run" }
  /** Ask the user first; `reason` explains why when the policy alone would not. */
  | { type: "ask"; reason: string | null }
  /** Do not run; send `message` back to the model as the tool output. */
  | { type: "reject"; message: string };

export async function commandApprovalRequirement(
  argv: readonly string[],
  policy: AskForApproval,
  location?: CommandLocation,
): Promise<CommandApprovalRequirement> {
  const danger = await findDangerousCommand(argv);
  if (danger !== null) {
    if (policy === "never") {
      return { type: "reject", message: dangerousCommandRejection(argv, danger) };
    }
    return {
      type: "ask",
      reason: `This looks destructive (${danger.label}): ${formatCommandForDisplay(danger.argv)}`,
    };
  }
  if (await isKnownSafeCommand(argv, location)) return { type: "run" };
  if (policy === "untrusted") return { type: "ask", reason: null };
  return { type: "run" };
}
