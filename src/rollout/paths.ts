// Where rollout files live and how they are named (local time, as Codex names them).
import path from "node:path";

/** `$CODEX_HOME/sessions`. */
export function sessionsDir(codexHome: string): string {
  return path.join(codexHome, "sessions");
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `YYYY-MM-DDThh-mm-ss` in local time; colons would be awkward in file names. */
export function fileTimestamp(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`
  );
}

/** `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`. */
export function rolloutPathFor(codexHome: string, date: Date, conversationId: string): string {
  return path.join(
    sessionsDir(codexHome),
    String(date.getFullYear()),
    pad(date.getMonth() + 1),
    pad(date.getDate()),
    `rollout-${fileTimestamp(date)}-${conversationId}.jsonl`,
  );
}

const ROLLOUT_NAME = /^rollout-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})-(.+)\.jsonl$/;

/** Split a rollout file name into its timestamp and id; null for other files. */
export function parseRolloutFileName(name: string): { stamp: string; id: string } | null {
  const m = ROLLOUT_NAME.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { stamp: m[1], id: m[2] };
}

/** ISO 8601 with milliseconds in UTC, the `timestamp` of every line. */
export function lineTimestamp(date: Date = new Date()): string {
  return date.toISOString();
}
