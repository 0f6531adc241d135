// Builds the history of a conversation forked just before one of its user messages, from the
// session's rollout file.
import type { InitialHistory } from "../../../core/index.js";
import {
  eventMsgsForReplay,
  forkItems,
  isUserMessage,
  readRollout,
  reconstructHistory,
} from "../../../rollout/index.js";

export class ForkError extends Error {}

/**
 * The forked history that ends just before the transcript's `selected`-th user message (0 =
 * oldest) of `shown` user messages. The transcript and the rollout are aligned from their ends:
 * the newest user message on screen is the newest in the file, even when the screen lacks
 * older ones (a session that was itself forked, or a trimmed transcript).
 */
export async function forkBeforeUserMessage(
  rolloutPath: string,
  selected: number,
  shown: number,
): Promise<InitialHistory & { kind: "forked" }> {
  let contents;
  try {
    contents = await readRollout(rolloutPath);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ForkError(`Could not read the session file ${rolloutPath}: ${reason}`);
  }
  const recorded = contents.items.filter(
    (item) => item.type === "response_item" && isUserMessage(item.payload),
  ).length;
  const fromEnd = shown - selected;
  const nth = recorded - fromEnd;
  if (nth < 0 || fromEnd <= 0) {
    throw new ForkError(
      `The session file ${rolloutPath} has ${recorded} user message(s); cannot go back ${fromEnd}.`,
    );
  }
  const items = forkItems(contents.items, nth);
  return {
    kind: "forked",
    history: reconstructHistory(items),
    events: eventMsgsForReplay(items),
  };
}
