// Reads just enough of a rollout's beginning to describe it in a session list: the
// session_meta fields and the first user message. Never the whole file.
import { open } from "node:fs/promises";
import { isUserMessage } from "./reconstruct.js";
import type { ResponseItem } from "../protocol/index.js";

/** Bytes read per step, and the most read from any one file. */
const CHUNK_BYTES = 16 * 1024;
export const MAX_HEAD_BYTES = 256 * 1024;

export interface SessionHead {
  id: string | null;
  timestamp: string | null;
  cwd: string | null;
  firstUserMessage: string | null;
  sizeBytes: number;
  /** The rollout is a task's own thread (e.g. a review), not a session a person started. */
  subThread?: boolean;
}

/** First top-level-looking string field `name` in a (possibly cut) JSON line. */
function stringField(text: string, name: string): string | null {
  const m = new RegExp(`"${name}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*")`).exec(text);
  if (!m || m[1] === undefined) return null;
  try {
    return JSON.parse(m[1]) as string;
  } catch {
    return null;
  }
}

const USER_MESSAGE_EVENT = /"type"\s*:\s*"user_message"/;
const USER_ROLE = /"role"\s*:\s*"user"/;

function userMessageFromLine(line: string): string | null {
  const isEvent = USER_MESSAGE_EVENT.test(line);
  if (!isEvent && !USER_ROLE.test(line)) return null;
  let value: { type?: unknown; payload?: unknown };
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return null;
  }
  const payload = value.payload as Record<string, unknown> | undefined;
  if (!payload) return null;
  if (value.type === "event_msg" && payload.type === "user_message") {
    return typeof payload.message === "string" ? payload.message : null;
  }
  if (value.type === "response_item") {
    const item = payload as unknown as ResponseItem;
    if (item.type === "message" && Array.isArray(item.content) && isUserMessage(item)) {
      return item.content.map((part) => (part.type === "input_text" ? part.text : "")).join("");
    }
  }
  return null;
}

export interface ReadHeadOptions {
  /** Stop after the meta line when its cwd is not this (saves reading non-matching files). */
  cwd?: string;
  /** Look for the first user message (reads further than the meta line). */
  wantUserMessage: boolean;
}

/** Describe the rollout at `filePath`; null if it cannot be opened (e.g. deleted meanwhile). */
export async function readSessionHead(
  filePath: string,
  options: ReadHeadOptions,
): Promise<SessionHead | null> {
  let fh;
  try {
    fh = await open(filePath, "r");
  } catch {
    return null;
  }
  try {
    const sizeBytes = (await fh.stat()).size;
    const head: SessionHead = {
      id: null,
      timestamp: null,
      cwd: null,
      firstUserMessage: null,
      sizeBytes,
    };
    let pending = Buffer.alloc(0);
    let position = 0;
    let sawMeta = false;
    while (position < Math.min(sizeBytes, MAX_HEAD_BYTES)) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      pending = pending.length
        ? Buffer.concat([pending, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
      if (!sawMeta) {
        // The meta line can be tens of KB (base instructions); its small fields come first.
        const firstLine = pending.toString("utf8", 0, Math.min(pending.length, CHUNK_BYTES));
        const payloadAt = firstLine.search(/"payload"\s*:/);
        if (/"type"\s*:\s*"session_meta"/.test(firstLine) && payloadAt !== -1) {
          const payload = firstLine.slice(payloadAt);
          head.id = stringField(payload, "id");
          head.timestamp = stringField(payload, "timestamp");
          head.cwd = stringField(payload, "cwd");
          if (stringField(payload, "parent_thread_id") !== null) head.subThread = true;
        }
        sawMeta = true;
        if (options.cwd !== undefined && head.cwd !== options.cwd) return head;
        if (!options.wantUserMessage) return head;
      }
      let nl: number;
      while ((nl = pending.indexOf(0x0a)) !== -1) {
        const line = pending.toString("utf8", 0, nl);
        pending = pending.subarray(nl + 1);
        const text = userMessageFromLine(line);
        if (text !== null) {
          head.firstUserMessage = text;
          return head;
        }
      }
    }
    return head;
  } finally {
    await fh.close();
  }
}
