// Threads on disk: a rollout file read back as a v2 Thread (metadata and turns of items), the
// same files `codex resume` reads, so a thread started here resumes in the TUI and vice versa.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { EventMsg, ThreadItem } from "../protocol/index.js";
import {
  eventMsgsForReplay,
  findSessionById,
  readRollout,
  type RolloutContents,
} from "../rollout/index.js";
import { invalidRequest } from "./rpc.js";
import { threadObject, type ThreadInfo, type TurnRecord } from "./v2.js";

const UUID =
  /^(?:urn:uuid:)?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** Rejects ids that cannot be thread ids, in the reference's words. */
export function checkThreadId(id: string): void {
  if (UUID.test(id)) return;
  const bad = [...id].findIndex((c) => !/[0-9a-fA-F-]/.test(c));
  const detail =
    bad >= 0
      ? `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${id[bad]}\` at ${bad + 1}`
      : `invalid length: expected a UUID, found ${id.length} characters`;
  throw invalidRequest(`invalid thread id: ${detail}`);
}

export interface StoredThread {
  info: ThreadInfo;
  turns: TurnRecord[];
}

/** Finds a thread's rollout under this server's CODEX_HOME; -32600 when there is none. */
export async function findThreadFile(codexHome: string, id: string): Promise<string> {
  checkThreadId(id);
  const file = await findSessionById(codexHome, id);
  if (!file) throw invalidRequest(`thread not found: ${id}`);
  return file;
}

export async function readStoredThread(file: string): Promise<StoredThread> {
  const contents = await readRollout(file);
  if (!contents.meta) throw invalidRequest(`${file} is not a session file (no session_meta line)`);
  const mtime = Math.floor((await stat(file)).mtimeMs / 1000);
  return { info: infoFromRollout(file, contents, mtime), turns: turnsFromEvents(contents) };
}

function infoFromRollout(file: string, c: RolloutContents, mtime: number): ThreadInfo {
  const meta = c.meta!;
  const created = Math.floor(Date.parse(meta.timestamp) / 1000) || mtime;
  const firstUser = eventMsgsForReplay(c.items).find((e) => e.type === "user_message");
  const lastContext = [...c.items].reverse().find((i) => i.type === "turn_context");
  return {
    id: meta.id,
    path: file,
    cwd: meta.cwd,
    model: lastContext?.type === "turn_context" ? lastContext.payload.model : null,
    modelProvider: meta.model_provider ?? "openai",
    reasoningEffort:
      lastContext?.type === "turn_context" ? (lastContext.payload.effort ?? null) : null,
    preview: firstUser?.type === "user_message" ? firstUser.message : "",
    createdAt: created,
    updatedAt: mtime,
    ephemeral: false,
    forkedFromId: null,
    originator: meta.originator,
    // A review's own thread records `{ "subagent": "review" }`.
    source: typeof meta.source === "string" ? meta.source : "subagent",
    name: null,
    cliVersion: meta.cli_version,
  };
}

/** Turns rebuilt from the persisted transcript events (messages, reasoning, turn boundaries). */
export function turnsFromEvents(c: RolloutContents): TurnRecord[] {
  const threadId = c.meta?.id ?? "thread";
  const turns: TurnRecord[] = [];
  let current: TurnRecord | null = null;
  let n = 0;
  const open = (): TurnRecord => {
    current ??= {
      id: `${threadId}-turn-${++n}`,
      items: [],
      status: "inProgress",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    };
    if (!turns.includes(current)) turns.push(current);
    return current;
  };
  const add = (item: ThreadItem) => open().items.push(item);
  const events: EventMsg[] = eventMsgsForReplay(c.items);
  for (const e of events) {
    switch (e.type) {
      case "task_started":
        current = null;
        open();
        break;
      case "user_message":
        add({
          type: "userMessage",
          id: `${threadId}-item-${n}-${open().items.length}`,
          clientId: null,
          content: [{ type: "text", text: e.message, text_elements: [] }],
        });
        break;
      case "agent_message":
        add({
          type: "agentMessage",
          id: `${threadId}-item-${n}-${open().items.length}`,
          text: e.message,
          phase: null,
        });
        break;
      case "agent_reasoning":
        add({
          type: "reasoning",
          id: `${threadId}-item-${n}-${open().items.length}`,
          summary: [e.text],
          content: [],
        });
        break;
      case "context_compacted":
        add({ type: "contextCompaction", id: `${threadId}-item-${n}-${open().items.length}` });
        break;
      case "entered_review_mode":
        add({
          type: "enteredReviewMode",
          id: `${threadId}-item-${n}-${open().items.length}`,
          review: e.review_request.user_facing_hint,
        });
        break;
      case "exited_review_mode":
        add({
          type: "exitedReviewMode",
          id: `${threadId}-item-${n}-${open().items.length}`,
          review: e.review_output?.overall_explanation ?? "",
        });
        break;
      case "error":
        open().error = { message: e.message };
        break;
      case "task_complete":
        open().status = open().error ? "failed" : "completed";
        current = null;
        break;
      case "turn_aborted":
        open().status = "interrupted";
        current = null;
        break;
      default:
        break;
    }
  }
  // A turn cut short by a crash never completed.
  for (const t of turns) if (t.status === "inProgress") t.status = "interrupted";
  return turns;
}

/** Archived threads (`$CODEX_HOME/archived_sessions`, flat), newest first, paged by index. */
export async function listArchived(
  codexHome: string,
  cursor: string | null | undefined,
  limit: number | null | undefined,
): Promise<{ data: Record<string, unknown>[]; nextCursor: string | null; backwardsCursor: null }> {
  const dir = path.join(codexHome, "archived_sessions");
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => /^rollout-.*\.jsonl$/.test(n));
  } catch {
    // No archive yet.
  }
  names.sort().reverse();
  const start = cursor ? Number(cursor) || 0 : 0;
  const n = limit ?? 25;
  const data: Record<string, unknown>[] = [];
  for (const name of names.slice(start, start + n)) {
    try {
      const stored = await readStoredThread(path.join(dir, name));
      data.push(threadObject(stored.info, { type: "notLoaded" }, []));
    } catch {
      // An unreadable file is skipped, as thread/list skips them.
    }
  }
  return {
    data,
    nextCursor: start + n < names.length ? String(start + n) : null,
    backwardsCursor: null,
  };
}
