// Turns rollout items back into what the model should see (resume) and into a prefix of
// the conversation (fork). Compaction is honoured exactly as it was applied live.
import type { EventMsg, ResponseItem, ResponseItemType } from "../protocol/index.js";
import { PERSISTED_EVENT_TYPES } from "./policy.js";
import type { RolloutItem } from "./types.js";

/** Response item kinds we can send back to a model; others (from newer writers) are dropped. */
const KNOWN_RESPONSE_ITEM_TYPES: ReadonlySet<string> = new Set<ResponseItemType>([
  "message",
  "reasoning",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "local_shell_call",
  "web_search_call",
]);

/**
 * Opening of the message that carries a compaction summary. Our own wording; it marks the
 * message so a later compaction does not mistake an old summary for something the user said.
 */
export const SUMMARY_PREFIX =
  "The earlier part of this conversation was compacted to save context. Summary of that work:";

/**
 * Openings of user-role messages the harness writes (instructions, environment, shell
 * commands run by the user via `!`): context, not something the user asked.
 */
export const CONTEXT_MESSAGE_PREFIXES: readonly string[] = [
  "<environment_context>",
  "<user_instructions>",
  "# AGENTS.md instructions",
  "<user_shell_command>",
];

/** User-message budget kept across a compaction, in tokens (≈ 4 bytes each). */
export const COMPACT_USER_MESSAGE_MAX_TOKENS = 20_000;

function approxTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / 4);
}

function messageText(item: ResponseItem): string {
  if (item.type !== "message") return "";
  return item.content
    .map((part) => (part.type === "input_text" || part.type === "output_text" ? part.text : ""))
    .join("");
}

/** Whether `item` is context the harness injected rather than a user message. */
export function isContextMessage(item: ResponseItem): boolean {
  if (item.type !== "message") return false;
  if (item.role === "developer" || item.role === "system") return true;
  if (item.role !== "user") return false;
  return item.content.some(
    (part) =>
      part.type === "input_text" &&
      CONTEXT_MESSAGE_PREFIXES.some((prefix) => part.text.trimStart().startsWith(prefix)),
  );
}

/** Whether `item` is the summary message of an earlier compaction. */
export function isSummaryMessage(item: ResponseItem): boolean {
  return (
    item.type === "message" && item.role === "user" && messageText(item).startsWith(SUMMARY_PREFIX)
  );
}

/** Whether `item` is something the user typed (not context, not a summary). */
export function isUserMessage(item: ResponseItem): boolean {
  return (
    item.type === "message" &&
    item.role === "user" &&
    !isContextMessage(item) &&
    !isSummaryMessage(item)
  );
}

/** The text of every user message in `history`, oldest first. */
export function collectUserMessages(history: readonly ResponseItem[]): string[] {
  return history.filter(isUserMessage).map(messageText);
}

function userText(text: string): ResponseItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/** Keep the head of a message that does not fit whole; the marker says it was cut. */
function truncateToTokens(text: string, tokens: number): string {
  const keepBytes = tokens * 4;
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= keepBytes) return text;
  // Decoding a cut buffer may end in U+FFFD for a split character; drop it.
  const head = buf
    .subarray(0, keepBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `${head}\n[… message truncated during compaction …]`;
}

/**
 * History after a compaction: the initial context, the most recent user messages that fit
 * in `maxTokens` (oldest first; the oldest kept one may be cut), then the summary.
 */
export function buildCompactedHistory(
  initialContext: readonly ResponseItem[],
  userMessages: readonly string[],
  summaryText: string,
  maxTokens: number = COMPACT_USER_MESSAGE_MAX_TOKENS,
): ResponseItem[] {
  const kept: string[] = [];
  let remaining = maxTokens;
  for (let i = userMessages.length - 1; i >= 0 && remaining > 0; i--) {
    const text = userMessages[i] as string;
    const cost = approxTokens(text);
    if (cost <= remaining) {
      kept.push(text);
      remaining -= cost;
    } else {
      kept.push(truncateToTokens(text, remaining));
      remaining = 0;
    }
  }
  kept.reverse();
  const summary = summaryText.trim() === "" ? "(no summary available)" : summaryText;
  return [...initialContext, ...kept.map(userText), userText(`${SUMMARY_PREFIX}\n${summary}`)];
}

/** The context items at the start of `history` (what a compaction must keep). */
export function leadingContext(history: readonly ResponseItem[]): ResponseItem[] {
  const context: ResponseItem[] = [];
  for (const item of history) {
    if (!isContextMessage(item)) break;
    context.push(item);
  }
  return context;
}

export interface ReconstructOptions {
  /**
   * Initial context to use for compactions recorded without `replacement_history` (the
   * current session's instructions and environment). Default: the context messages at the
   * start of the history being compacted.
   */
  initialContext?: readonly ResponseItem[];
}

/**
 * `history` without its last `n` user turns: everything from the n-th last user message on goes
 * (context before it stays). What a `thread_rolled_back` event does, live and on resume.
 */
export function dropLastUserTurns(history: readonly ResponseItem[], n: number): ResponseItem[] {
  if (n <= 0) return [...history];
  const starts: number[] = [];
  history.forEach((item, i) => {
    if (isUserMessage(item)) starts.push(i);
  });
  if (starts.length === 0) return [...history];
  const cut = starts[Math.max(0, starts.length - n)] as number;
  return history.slice(0, cut);
}

/** The number of user turns in `history` (what a rollback can remove). */
export function countUserTurns(history: readonly ResponseItem[]): number {
  return history.filter(isUserMessage).length;
}

/** The model-visible history after replaying `items`, as it was live. */
export function reconstructHistory(
  items: readonly RolloutItem[],
  options: ReconstructOptions = {},
): ResponseItem[] {
  let history: ResponseItem[] = [];
  for (const item of items) {
    if (item.type === "event_msg" && item.payload.type === "thread_rolled_back") {
      history = dropLastUserTurns(history, item.payload.num_turns);
    } else if (item.type === "response_item") {
      if (KNOWN_RESPONSE_ITEM_TYPES.has(item.payload.type)) history.push(item.payload);
    } else if (item.type === "compacted") {
      const { message, replacement_history } = item.payload;
      history = replacement_history
        ? [...replacement_history]
        : buildCompactedHistory(
            options.initialContext ?? leadingContext(history),
            collectUserMessages(history),
            message,
          );
    }
  }
  return history;
}

/**
 * Newer Codex rollouts store the transcript as `item_completed` events instead of the
 * legacy message events; map those to the legacy shape so front-ends can replay them.
 */
function legacyEventFor(payload: EventMsg): EventMsg | null {
  if (payload.type !== "item_completed") return null;
  const item = payload.item as { type: string; content?: unknown; summary_text?: unknown };
  const texts = (value: unknown): string[] =>
    Array.isArray(value)
      ? value
          .map((part: unknown) =>
            typeof part === "string"
              ? part
              : typeof (part as { text?: unknown })?.text === "string"
                ? (part as { text: string }).text
                : "",
          )
          .filter((text) => text !== "")
      : [];
  switch (item.type) {
    case "UserMessage":
      return { type: "user_message", message: texts(item.content).join("\n") };
    case "AgentMessage":
      return { type: "agent_message", message: texts(item.content).join("") };
    case "Reasoning": {
      const text = texts(item.summary_text).join("\n\n");
      return text === "" ? null : { type: "agent_reasoning", text };
    }
    default:
      return null;
  }
}

/**
 * The events to replay to a front-end on resume (`SessionConfigured.initial_messages`): the
 * persisted kinds, in order, plus newer Codex's `item_completed` transcript mapped to them
 * (only in files without legacy message events, which some versions write alongside).
 */
export function eventMsgsForReplay(all: readonly RolloutItem[]): EventMsg[] {
  const items = withoutRolledBackTurns(all);
  const hasLegacyTranscript = items.some(
    (item) =>
      item.type === "event_msg" &&
      (item.payload.type === "user_message" || item.payload.type === "agent_message"),
  );
  const events: EventMsg[] = [];
  for (const item of items) {
    if (item.type !== "event_msg") continue;
    if (PERSISTED_EVENT_TYPES.has(item.payload.type)) {
      events.push(item.payload);
    } else if (!hasLegacyTranscript) {
      const legacy = legacyEventFor(item.payload);
      if (legacy) events.push(legacy);
    }
  }
  return events;
}

/** Items that open a turn and so belong with the user message that follows them. */
function opensTurn(item: RolloutItem): boolean {
  if (item.type === "turn_context") return true;
  return (
    item.type === "event_msg" &&
    (item.payload.type === "task_started" || item.payload.type === "user_message")
  );
}

/**
 * The rollout items that survive its `thread_rolled_back` events, as Codex replays them: each
 * removes its last `num_turns` user turns, from the items that opened each turn (turn context,
 * task start, the harness's context messages) to the rollback. session_meta lines stay.
 */
export function withoutRolledBackTurns(items: readonly RolloutItem[]): RolloutItem[] {
  if (!items.some((i) => i.type === "event_msg" && i.payload.type === "thread_rolled_back")) {
    return [...items];
  }
  const kept: RolloutItem[] = [];
  /** Where each user turn kept so far begins, in `kept`. */
  const turnStarts: number[] = [];
  for (const item of items) {
    if (item.type === "event_msg" && item.payload.type === "thread_rolled_back") {
      const n = item.payload.num_turns;
      if (n <= 0 || turnStarts.length === 0) continue;
      const keep = Math.max(0, turnStarts.length - n);
      const cut = turnStarts[keep] as number;
      const meta = kept.slice(cut).filter((i) => i.type === "session_meta");
      kept.length = cut;
      kept.push(...meta);
      turnStarts.length = keep;
      continue;
    }
    if (item.type === "response_item" && isUserMessage(item.payload)) {
      // The turn begins at its earliest opening item; context messages between those belong to
      // it, but the session's initial context (before any opening item) does not.
      let at = kept.length;
      let start = kept.length;
      const floor = turnStarts[turnStarts.length - 1] ?? 0;
      while (at > floor) {
        const prev = kept[at - 1] as RolloutItem;
        if (opensTurn(prev)) start = at - 1;
        else if (!(prev.type === "response_item" && isContextMessage(prev.payload))) break;
        at--;
      }
      turnStarts.push(start);
    }
    kept.push(item);
  }
  return kept;
}

/**
 * Items before the `nthUserMessage`-th (0-based) user message, for a fork that rewinds to
 * just before it; all items when there are not that many. The cut turn's opening items
 * (task_started, turn_context, its user_message event) go too, and so do session_meta
 * lines: the fork's recorder writes its own.
 */
export function forkItems(all: readonly RolloutItem[], nthUserMessage: number): RolloutItem[] {
  const items = withoutRolledBackTurns(all);
  let seen = 0;
  let cut = items.length;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RolloutItem;
    if (item.type === "response_item" && isUserMessage(item.payload)) {
      if (seen === nthUserMessage) {
        cut = i;
        break;
      }
      seen++;
    }
  }
  if (cut < items.length) {
    while (cut > 0 && opensTurn(items[cut - 1] as RolloutItem)) cut--;
  }
  return items.slice(0, cut).filter((item) => item.type !== "session_meta");
}
