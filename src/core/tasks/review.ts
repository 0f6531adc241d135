// Review mode (seed-spec §7): an isolated thread with its own history (recorded in a rollout
// of its own, see review-thread.ts), the review model and prompt, and a structured answer.
// Only the result reaches the parent conversation, as a `<user_action>` message and the
// rendered review, so the model can act on "fix finding 2" afterwards.
import { findModelFamily, isKnownModel } from "../../config/model-family.js";
import type { Config, ModelFamily } from "../../config/types.js";
import type {
  EventMsg,
  ResponseItem,
  ReviewOutputEvent,
  ReviewRequest,
} from "../../protocol/index.js";
import { agentTurnCompletePayload, runNotify } from "../../notify/notify.js";
import { reviewAssistantMessage, reviewResultMessage } from "../../review/format.js";
import { parseReviewOutput } from "../../review/parse.js";
import { REVIEW_OUTPUT_SCHEMA, REVIEW_PROMPT } from "../../review/prompt.js";
import { buildInitialContext } from "../environment-context.js";
import type { TurnSettings } from "../session-types.js";
import { TurnAbortedError } from "../turn.js";
import { lastAssistantText } from "../user-input.js";
import { ReviewThread } from "./review-thread.js";
import { finishIfIdle, type ActiveTask, type TaskHost } from "./types.js";

function userText(text: string): ResponseItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/** The review model's family; an unknown review model borrows the session's. */
function reviewFamily(config: Config): ModelFamily {
  if (config.reviewModel === config.model) return config.modelFamily;
  return isKnownModel(config.reviewModel)
    ? findModelFamily(config.reviewModel)
    : config.modelFamily;
}

/**
 * End review mode as Codex does: the `<user_action>` result goes into the parent thread, the
 * front-end hears ExitedReviewMode, and the review turn ends with an assistant message holding
 * the rendered review (what `codex review` prints), so the next turn sees both.
 */
async function exitReviewMode(
  host: TaskHost,
  task: ActiveTask,
  output: ReviewOutputEvent | null,
): Promise<void> {
  host.recordContextIfNeeded();
  host.recordItems([userText(reviewResultMessage(output))]);
  host.emit(task.subId, { type: "exited_review_mode", review_output: output });
  const message = reviewAssistantMessage(output);
  host.recordItems([
    { type: "message", role: "assistant", content: [{ type: "output_text", text: message }] },
  ]);
  host.emit(task.subId, { type: "agent_message", message });
  await host.flush();
}

export async function runReviewTask(
  host: TaskHost,
  task: ActiveTask,
  request: ReviewRequest,
): Promise<void> {
  const emit = (msg: EventMsg) => host.emit(task.subId, msg);
  const config = host.config;
  const family = reviewFamily(config);
  const settings: TurnSettings = {
    ...host.settings,
    model: config.reviewModel,
    effort: "low",
    summary: "detailed",
  };
  // Image viewing and the PTY shell are off in review threads (seed B7.1).
  const reviewConfig: Config = {
    ...config,
    model: config.reviewModel,
    modelFamily: family,
    tools: { ...config.tools, view_image: false },
    features: { ...config.features, unified_exec: false },
  };
  const contextWindow = family.contextWindow ?? host.contextWindow();
  emit({ type: "entered_review_mode", review_request: request });
  emit({ type: "task_started", model_context_window: contextWindow });

  // No AGENTS.md and no parent history: only the environment, then the request.
  const history: ResponseItem[] = [
    ...buildInitialContext({ environment: host.environment() }),
    userText(request.prompt),
  ];
  // The review's own conversation goes to its own rollout (a sub-thread), as in Codex.
  const thread = await ReviewThread.open(host, REVIEW_PROMPT);
  thread.recordEvent({ type: "task_started", model_context_window: contextWindow });
  let recorded = 0;
  const recordNew = () => {
    thread.recordItems(history.slice(recorded));
    recorded = history.length;
  };
  recordNew();
  let lastMessage: string | null = null;
  try {
    const tools = await host.buildTools(reviewConfig, settings);
    for (;;) {
      const result = await host.requestModel(task, {
        input: () => [...history],
        instructions: REVIEW_PROMPT,
        settings,
        family,
        tools,
        outputSchema: REVIEW_OUTPUT_SCHEMA,
        display: "review",
        contextWindow,
        recordTurnContext: false,
        drainPending: () => history.push(...task.pendingInput.splice(0)),
      });
      const items = result.processed.map((p) => p.item);
      const outputs = result.processed.flatMap((p) => (p.output ? [p.output] : []));
      history.push(...items, ...outputs);
      recordNew();
      lastMessage = lastAssistantText(items) ?? lastMessage;
      if (outputs.length === 0 && finishIfIdle(task)) break;
    }
  } catch (e) {
    task.acceptingInput = false;
    recordNew();
    if (e instanceof TurnAbortedError) {
      const reason = task.abortReason ?? "interrupted";
      await thread.close({ type: "turn_aborted", reason });
      // Seed B6.9: ExitedReviewMode(None) and the recorded message come before TurnAborted.
      await exitReviewMode(host, task, null);
      emit({ type: "turn_aborted", reason });
      return;
    }
    host.log(`Review error: ${(e as Error).message}`);
    await thread.close({ type: "task_complete", last_agent_message: null });
    emit({ type: "error", message: (e as Error).message });
    await exitReviewMode(host, task, null);
    emit({ type: "task_complete", last_agent_message: null });
    return;
  }
  await thread.close({ type: "task_complete", last_agent_message: lastMessage });
  await exitReviewMode(host, task, lastMessage === null ? null : parseReviewOutput(lastMessage));
  emit({ type: "task_complete", last_agent_message: null });
  notifyReviewTurn(host, thread, request, lastMessage);
}

/**
 * `notify` for a finished review, as Codex sends it: the turn is the review thread's, its input
 * is the review request and its last message the reviewer's raw answer.
 */
function notifyReviewTurn(
  host: TaskHost,
  thread: ReviewThread,
  request: ReviewRequest,
  lastMessage: string | null,
): void {
  const argv = host.config.notify;
  if (!argv?.length) return;
  runNotify(
    argv,
    agentTurnCompletePayload({
      threadId: thread.id,
      turnId: thread.turnId,
      cwd: host.settings.cwd,
      client: host.options.notifyClient,
      inputMessages: [request.prompt],
      lastAssistantMessage: lastMessage,
    }),
    { log: (m) => host.log(m), env: host.options.env },
  );
}
