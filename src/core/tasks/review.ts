// Review mode (seed-spec §7): an isolated thread with its own history, the review model and
// prompt, and a structured answer. Only the result reaches the parent conversation, as a
// `<user_action>` message, so the model can act on "fix finding 2" afterwards.
import { findModelFamily, isKnownModel } from "../../config/model-family.js";
import type { Config, ModelFamily } from "../../config/types.js";
import type {
  EventMsg,
  ResponseItem,
  ReviewOutputEvent,
  ReviewRequest,
} from "../../protocol/index.js";
import { reviewResultMessage } from "../../review/format.js";
import { parseReviewOutput } from "../../review/parse.js";
import { REVIEW_OUTPUT_SCHEMA, REVIEW_PROMPT } from "../../review/prompt.js";
import { buildInitialContext } from "../environment-context.js";
import type { TurnSettings } from "../session-types.js";
import { TurnAbortedError } from "../turn.js";
import { lastAssistantText } from "../user-input.js";
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

/** End review mode: tell the front-end, record the result in the parent thread, flush. */
async function exitReviewMode(
  host: TaskHost,
  task: ActiveTask,
  output: ReviewOutputEvent | null,
): Promise<void> {
  host.emit(task.subId, { type: "exited_review_mode", review_output: output });
  host.recordContextIfNeeded();
  host.recordItems([userText(reviewResultMessage(output))]);
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
      lastMessage = lastAssistantText(items) ?? lastMessage;
      if (outputs.length === 0 && finishIfIdle(task)) break;
    }
  } catch (e) {
    task.acceptingInput = false;
    if (e instanceof TurnAbortedError) {
      // Seed B6.9: ExitedReviewMode(None) and the recorded message come before TurnAborted.
      await exitReviewMode(host, task, null);
      emit({ type: "turn_aborted", reason: task.abortReason ?? "interrupted" });
      return;
    }
    host.log(`Review error: ${(e as Error).message}`);
    emit({ type: "error", message: (e as Error).message });
    await exitReviewMode(host, task, null);
    emit({ type: "task_complete", last_agent_message: null });
    return;
  }
  await exitReviewMode(host, task, lastMessage === null ? null : parseReviewOutput(lastMessage));
  emit({ type: "task_complete", last_agent_message: null });
}
