// Finds a saved session and turns its rollout into the history a resumed session starts from.
import type { InitialHistory } from "../core/index.js";
import {
  eventMsgsForReplay,
  findLatestSession,
  findSessionById,
  readRollout,
  reconstructHistory,
} from "../rollout/index.js";

export class ResumeError extends Error {}

export interface ResumeTarget {
  last?: boolean;
  id?: string;
  /** Prefer sessions recorded in this directory for --last (all directories with `all`). */
  cwd?: string;
  all?: boolean;
}

export async function loadResumedHistory(
  codexHome: string,
  target: ResumeTarget,
): Promise<InitialHistory & { kind: "resumed" }> {
  let path: string | null;
  if (target.id) {
    path = await findSessionById(codexHome, target.id);
    if (!path)
      throw new ResumeError(`No saved session found with id ${target.id} in ${codexHome}/sessions`);
  } else {
    const latest =
      (await findLatestSession(codexHome, target.all ? {} : { cwd: target.cwd })) ??
      (target.all ? null : await findLatestSession(codexHome, {}));
    if (!latest) throw new ResumeError(`No saved sessions found in ${codexHome}/sessions`);
    path = latest.path;
  }
  const contents = await readRollout(path);
  if (!contents.meta) throw new ResumeError(`${path} is not a session file (no session_meta line)`);
  return {
    kind: "resumed",
    conversationId: contents.meta.id,
    rolloutPath: path,
    history: reconstructHistory(contents.items),
    events: eventMsgsForReplay(contents.items),
  };
}
