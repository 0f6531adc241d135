// Finds a saved session and cuts it into the history a fork starts from: a new session that
// holds the conversation up to (not including) a chosen message of the user's.
import type { InitialHistory } from "../core/session-types.js";
import { findSessionById } from "./find.js";
import { findLatestSession } from "./list.js";
import { readRollout } from "./reader.js";
import { eventMsgsForReplay, forkItems, isUserMessage, reconstructHistory } from "./reconstruct.js";

export class ForkError extends Error {}

export interface ForkTarget {
  id?: string;
  last?: boolean;
  /** For --last: prefer sessions recorded in this directory (all directories with `all`). */
  cwd?: string;
  all?: boolean;
  /**
   * Keep the conversation before the user's Nth message (1 = the first); the fork's own first
   * prompt takes its place. Absent: keep the whole conversation.
   */
  nthUserMessage?: number;
}

export async function loadForkedHistory(
  codexHome: string,
  target: ForkTarget,
): Promise<InitialHistory & { kind: "forked" }> {
  let file: string | null;
  if (target.id) {
    file = await findSessionById(codexHome, target.id);
    if (!file)
      throw new ForkError(`No saved session found with id ${target.id} in ${codexHome}/sessions`);
  } else {
    const latest =
      (await findLatestSession(codexHome, target.all ? {} : { cwd: target.cwd })) ??
      (target.all ? null : await findLatestSession(codexHome, {}));
    if (!latest) throw new ForkError(`No saved sessions found in ${codexHome}/sessions`);
    file = latest.path;
  }
  const contents = await readRollout(file);
  if (!contents.meta) throw new ForkError(`${file} is not a session file (no session_meta line)`);
  let items = contents.items;
  const nth = target.nthUserMessage;
  if (nth !== undefined) {
    if (!Number.isInteger(nth) || nth < 1) {
      throw new ForkError(`--nth-user-message must be a whole number from 1; got ${nth}`);
    }
    const count = items.filter(
      (i) => i.type === "response_item" && isUserMessage(i.payload),
    ).length;
    if (nth > count) {
      throw new ForkError(
        `session ${contents.meta.id} has ${count} user message${count === 1 ? "" : "s"}; cannot fork before message ${nth}`,
      );
    }
    items = forkItems(items, nth - 1);
  } else {
    items = items.filter((i) => i.type !== "session_meta");
  }
  return {
    kind: "forked",
    history: reconstructHistory(items),
    events: eventMsgsForReplay(items),
  };
}
