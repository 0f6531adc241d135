// A regular turn (seed-spec §3.7): the user's input, then model requests until the model stops
// calling tools. Compacts automatically when the context fills up, and runs `notify` at the end.
import { agentTurnCompletePayload, runNotify } from "../../notify/notify.js";
import { uuidv7 } from "../uuid.js";
import type { ContentItem, EventMsg, ResponseItem, UserInput } from "../../protocol/index.js";
import { BASE_INSTRUCTIONS } from "../base-instructions.js";
import { TurnAbortedError } from "../turn.js";
import { autoCompactLimit, tokensInContext } from "../usage.js";
import { lastAssistantText, userMessageItem } from "../user-input.js";
import { CompactionError, compactConversation } from "./compact.js";
import { finishIfIdle, type ActiveTask, type TaskHost } from "./types.js";

export interface RegularTaskInput {
  items: UserInput[];
  content: ContentItem[];
  /** `final_output_json_schema` of the UserTurn; this task only. */
  outputSchema?: unknown;
}

/** Seed-spec B8.5, word for word. */
export function stillAboveLimitMessage(limit: number, current: number | null): string {
  return `Conversation is still above the token limit after automatic summarization (limit ${limit}, current ${current ?? "unknown"}). Please start a new session or trim your input.`;
}

function inputTexts(items: readonly ResponseItem[]): string[] {
  return items.flatMap((item) =>
    item.type === "message"
      ? item.content.flatMap((c) => (c.type === "input_text" ? [c.text] : []))
      : [],
  );
}

export async function runRegularTask(
  host: TaskHost,
  task: ActiveTask,
  input: RegularTaskInput,
): Promise<void> {
  const emit = (msg: EventMsg) => host.emit(task.subId, msg);
  const config = host.config;
  const settings = host.settings;
  const contextWindow = host.contextWindow();
  host.recordContextIfNeeded();
  emit({ type: "task_started", model_context_window: contextWindow });

  const userItem = userMessageItem(input.content);
  host.recordItems([userItem]);
  const turnItem = { type: "UserMessage" as const, id: `user-${task.subId}`, content: input.items };
  const base = { thread_id: host.conversationId, turn_id: task.subId };
  emit({ type: "item_started", ...base, item: turnItem });
  emit({ type: "item_completed", ...base, item: turnItem });
  const text = input.items.flatMap((i) => (i.type === "text" ? [i.text] : [])).join("\n");
  const images = input.items.flatMap((i) => (i.type === "image" ? [i.image_url] : []));
  emit({ type: "user_message", message: text, images: images.length ? images : null });

  // The snapshot runs while the first request is in flight; tool calls wait for it.
  const snapshot = host.snapshots.capture(settings.cwd, task.subId);

  const typed = inputTexts([userItem]);
  const limit = autoCompactLimit(config.modelAutoCompactTokenLimit, contextWindow);
  const tools = await host.buildTools(config, settings);
  let lastMessage: string | null = null;
  let justCompacted = false;
  let notify = true;
  try {
    // A resumed session whose last request was already over the limit (its token count is
    // restored from the rollout) compacts before sending it all again, as Codex's pre-sampling
    // compaction does.
    const carried = host.usage.restoredContextTokens();
    if (limit !== null && carried !== null && carried >= limit) {
      justCompacted = true;
      await compactConversation(host, task);
    }
    for (;;) {
      // A crash during the request loses nothing recorded before it.
      await host.flush();
      const result = await host.requestModel(task, {
        input: () => [...host.history()],
        instructions: config.baseInstructions ?? BASE_INSTRUCTIONS,
        settings,
        family: config.modelFamily,
        tools,
        outputSchema: input.outputSchema,
        display: "normal",
        toolGate: snapshot,
        contextWindow,
        drainPending: () => {
          const pending = task.pendingInput.splice(0);
          typed.push(...inputTexts(pending));
          host.recordItems(pending);
        },
      });
      const items = result.processed.map((p) => p.item);
      const outputs = result.processed.flatMap((p) => (p.output ? [p.output] : []));
      host.recordItems([...items, ...outputs]);
      lastMessage = lastAssistantText(items) ?? lastMessage;

      const used = result.usage ? tokensInContext(result.usage) : null;
      if (limit !== null && used !== null && used >= limit) {
        if (justCompacted) {
          task.acceptingInput = false;
          emit({ type: "error", message: stillAboveLimitMessage(limit, used) });
          notify = false;
          break;
        }
        justCompacted = true;
        await compactConversation(host, task);
        // A final answer needs no new request; tool results go on from the summary.
        if (outputs.length === 0 && finishIfIdle(task)) break;
        continue;
      }
      justCompacted = false;
      if (outputs.length === 0 && finishIfIdle(task)) break;
    }
    // Whoever sees the end of the task can read everything it recorded.
    await host.flush();
    emit({ type: "task_complete", last_agent_message: lastMessage });
    if (notify && config.notify?.length) {
      runNotify(
        config.notify,
        agentTurnCompletePayload({
          threadId: host.conversationId,
          // Unique per turn (a UUIDv7, like Codex's turn ids); submission ids restart at 0
          // in every process, so they repeat across resumes.
          turnId: uuidv7(),
          cwd: settings.cwd,
          client: host.options.notifyClient,
          inputMessages: typed,
          lastAssistantMessage: lastMessage,
        }),
        { log: (m) => host.log(m), env: host.options.env },
      );
    }
  } catch (e) {
    task.acceptingInput = false;
    if (e instanceof TurnAbortedError) {
      const outputs = e.processed.flatMap((p) => (p.output ? [p.output] : []));
      host.recordItems([...e.processed.map((p) => p.item), ...outputs]);
      // Whoever sees the end of the task can read everything it recorded.
      await host.flush();
      emit({ type: "turn_aborted", reason: task.abortReason ?? "interrupted" });
      return;
    }
    if (!(e instanceof CompactionError)) host.log(`Turn error: ${(e as Error).message}`);
    emit({ type: "error", message: (e as Error).message });
    // Whoever sees the end of the task can read everything it recorded.
    await host.flush();
    emit({ type: "task_complete", last_agent_message: lastMessage });
  }
}
