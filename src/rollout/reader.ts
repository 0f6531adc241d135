// Reads a rollout file back. Content problems never throw: a crash can leave a torn last
// line, and files written by other Codex versions carry line kinds we do not know.
import { readFile } from "node:fs/promises";
import { ROLLOUT_ITEM_TYPES } from "./types.js";
import type { RolloutItem, RolloutItemType, SessionMeta } from "./types.js";

/** A line that could not be used, with its 1-based number. */
export interface RolloutLineError {
  line: number;
  message: string;
}

export interface RolloutContents {
  /** The first session_meta payload, if any. */
  meta: SessionMeta | null;
  /** Every known item in file order, session_meta included. */
  items: RolloutItem[];
  /** Bad lines other than a torn last line. */
  errors: RolloutLineError[];
  /** Lines of kinds this version does not use (e.g. Codex's `world_state`); skipped. */
  unknownLines: number;
  /** Whether an unparseable, unterminated last line (an interrupted write) was skipped. */
  tornTail: boolean;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set<RolloutItemType>(ROLLOUT_ITEM_TYPES);

/** Parse one line; a string describes why it is unusable, null means an unknown kind. */
export function parseRolloutLine(text: string): RolloutItem | string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "not a JSON object";
  }
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  if (typeof type !== "string") return 'missing string field "type"';
  if (!KNOWN_TYPES.has(type)) return null;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return `"${type}" line has no object "payload"`;
  }
  if ((type === "response_item" || type === "event_msg") && !("type" in payload)) {
    return `"${type}" payload has no "type"`;
  }
  return { type, payload } as RolloutItem;
}

/** Parse a whole rollout's text. */
export function parseRollout(text: string): RolloutContents {
  const result: RolloutContents = {
    meta: null,
    items: [],
    errors: [],
    unknownLines: 0,
    tornTail: false,
  };
  const lines = text.split("\n");
  // A file ending in "\n" splits into a final empty string; anything else is an unterminated line.
  const unterminated = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const parsed = parseRolloutLine(raw);
    if (parsed === null) {
      result.unknownLines++;
    } else if (typeof parsed === "string") {
      if (i === unterminated) {
        result.tornTail = true;
      } else {
        result.errors.push({ line: i + 1, message: parsed });
      }
    } else {
      if (parsed.type === "session_meta" && result.meta === null) result.meta = parsed.payload;
      result.items.push(parsed);
    }
  }
  return result;
}

/** Read and parse a rollout file. Throws only when the file cannot be read. */
export async function readRollout(filePath: string): Promise<RolloutContents> {
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : err instanceof Error ? err.message : err;
    throw new Error(`cannot read session file ${filePath}: ${String(reason)}`, { cause: err });
  }
  return parseRollout(text);
}
