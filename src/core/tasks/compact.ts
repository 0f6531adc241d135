// Compaction (seed-spec §8.1–8.2): ask the model for a summary of the conversation, then
// continue from the initial context, the user's recent messages and that summary.
import { CONTEXT_WINDOW_MESSAGE, ModelError } from "../../model/errors.js";
import type { EventMsg, ResponseItem } from "../../protocol/index.js";
import {
  buildCompactedHistory,
  collectUserMessages,
  leadingContext,
} from "../../rollout/reconstruct.js";
import { BASE_INSTRUCTIONS } from "../base-instructions.js";
import { TurnAbortedError } from "../turn.js";
import { lastAssistantText } from "../user-input.js";
import type { ActiveTask, TaskHost } from "./types.js";

/** Written for codex-ts; sent as the last user message of the summarising request. */
export const COMPACT_PROMPT = `Stop working on the task for a moment: the conversation is about to be shortened to free up context, and your next message is the only record of it that will remain. Write a handoff note that lets you (or another engineer) continue without the earlier messages.

Include, as short Markdown sections:
- Goal: what the user wants overall, including constraints and preferences they stated.
- Done so far: what was changed or learned, naming files, functions, commands and their results.
- Current state: what is in progress right now and anything left half-finished.
- Next steps: the concrete remaining work, in order.
- Open questions: decisions or information still needed from the user, if any.

Be specific and factual; quote exact identifiers, paths, error messages and numbers that matter. Do not call tools and do not continue the task in this message.`;

/** The summarising request did not fit either; the task cannot continue. */
export class CompactionError extends Error {}

function isContextWindowExceeded(e: unknown): boolean {
  return e instanceof ModelError && e.kind === "context_window_exceeded";
}

function approxTokens(items: readonly ResponseItem[]): number {
  return Math.ceil(Buffer.byteLength(JSON.stringify(items), "utf8") / 4);
}

/**
 * The history with the older half of the conversation dropped (the leading context stays), for
 * a second try when the summarising request itself does not fit. Outputs whose call was
 * dropped go too: a request must never carry an output without its call.
 */
export function dropOlderHalf(history: readonly ResponseItem[]): ResponseItem[] {
  const context = leadingContext(history);
  const rest = history.slice(context.length);
  const kept = rest.slice(Math.ceil(rest.length / 2));
  const calls = new Set<string>();
  for (const item of kept) {
    if (item.type === "function_call" || item.type === "custom_tool_call") calls.add(item.call_id);
    if (item.type === "local_shell_call" && item.call_id) calls.add(item.call_id);
  }
  const consistent = kept.filter(
    (item) =>
      !(item.type === "function_call_output" || item.type === "custom_tool_call_output") ||
      calls.has(item.call_id),
  );
  return [...context, ...consistent];
}

/**
 * Summarise and replace the history. One retry with the older half dropped when the request is
 * too big for the context window; a second failure throws CompactionError with the model's
 * context-window message. Interrupts surface as TurnAbortedError.
 */
export async function compactConversation(host: TaskHost, task: ActiveTask): Promise<void> {
  const history = [...host.history()];
  const prompt: ResponseItem = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: COMPACT_PROMPT }],
  };
  const summarise = (items: ResponseItem[]) =>
    host.requestModel(task, {
      input: () => [...items, prompt],
      instructions: host.config.baseInstructions ?? BASE_INSTRUCTIONS,
      settings: host.settings,
      family: host.config.modelFamily,
      tools: null,
      display: "silent",
      contextWindow: host.contextWindow(),
    });
  let result;
  try {
    result = await summarise(history);
  } catch (e) {
    if (!isContextWindowExceeded(e)) throw e;
    host.log("compaction request exceeded the context window; retrying without the older half");
    try {
      result = await summarise(dropOlderHalf(history));
    } catch (e2) {
      if (isContextWindowExceeded(e2)) throw new CompactionError(CONTEXT_WINDOW_MESSAGE);
      throw e2;
    }
  }
  const summary = lastAssistantText(result.processed.map((p) => p.item)) ?? "";
  const compacted = buildCompactedHistory(
    host.initialContext(),
    collectUserMessages(history),
    summary,
  );
  host.replaceHistory(compacted, summary);
  // The last request measured the old history; until the next one, estimate the new size.
  host.usage.setEstimate(approxTokens(compacted));
  host.emitTokenCount(task.subId);
  host.emit(task.subId, { type: "context_compacted" });
}

/** Op::Compact as its own task. */
export async function runCompactTask(host: TaskHost, task: ActiveTask): Promise<void> {
  const emit = (msg: EventMsg) => host.emit(task.subId, msg);
  emit({ type: "task_started", model_context_window: host.contextWindow() });
  const history = host.history();
  if (history.length === leadingContext(history).length) {
    emit({ type: "warning", message: "Nothing to compact yet: the conversation is empty." });
    emit({ type: "task_complete", last_agent_message: null });
    return;
  }
  try {
    await compactConversation(host, task);
  } catch (e) {
    if (e instanceof TurnAbortedError) {
      // Whoever sees the end of the task can read everything it recorded.
      await host.flush();
      emit({ type: "turn_aborted", reason: task.abortReason ?? "interrupted" });
      return;
    }
    emit({ type: "error", message: (e as Error).message });
  }
  // Whoever sees the end of the task can read everything it recorded.
  await host.flush();
  emit({ type: "task_complete", last_agent_message: null });
}
