// Plumbing shared by the unattended front-ends (`codex exec`, `codex review`, `codex mcp-server`):
// config and key loading that turn expected failures into messages, session start-up, and
// running one task to completion with nobody to answer approvals.
import type { Conversation } from "../core/index.js";
import type { Event, Op } from "../protocol/index.js";

// Session start-up lives in src/session (shared by every front-end); re-exported for callers here
// from its module, not the index, which also brings the resume readers.
export {
  apiKeyOutcome,
  loadConfigOutcome,
  startSession,
  stderrLog,
  type Outcome,
  type StartOptions,
} from "../session/start.js";

/**
 * Submit one op and feed every event to `onEvent` until the task ends, then shut the session
 * down. Approval requests are denied: nobody can answer them. Ctrl-C interrupts the task (a
 * second one exits at once). Resolves with whether the task was interrupted.
 */
export async function runUnattendedTask(
  conversation: Conversation,
  op: Op,
  onEvent: (ev: Event) => void,
): Promise<{ interrupted: boolean }> {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    conversation.submit({ type: "interrupt" });
  };
  process.on("SIGINT", onSigint);
  try {
    conversation.submit(op);
    let ev: Event | undefined;
    while ((ev = await conversation.nextEvent())) {
      if (
        ev.msg.type === "exec_approval_request" ||
        ev.msg.type === "apply_patch_approval_request"
      ) {
        const kind = ev.msg.type === "exec_approval_request" ? "exec_approval" : "patch_approval";
        conversation.submit({ type: kind, id: ev.msg.call_id, decision: "denied" });
      }
      onEvent(ev);
      if (ev.msg.type === "task_complete" || ev.msg.type === "turn_aborted") {
        conversation.submit({ type: "shutdown" });
      }
    }
    await conversation.finished;
  } finally {
    process.off("SIGINT", onSigint);
  }
  return { interrupted };
}
