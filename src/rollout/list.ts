// Lists saved sessions newest first. Walks the YYYY/MM/DD tree in reverse and reads only
// file heads, stopping as soon as a page is full, so cost tracks the page, not the archive.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { readSessionHead } from "./head.js";
import { parseRolloutFileName, sessionsDir } from "./paths.js";

export interface SessionSummary {
  id: string;
  path: string;
  /** When the session started (session_meta), or the file name's local time if unreadable. */
  timestamp: string;
  cwd: string | null;
  /** The first thing the user typed, if within the file's first 256 KiB. */
  firstUserMessage: string | null;
  sizeBytes: number;
}

export interface ListSessionsParams {
  codexHome: string;
  /** Only sessions started in exactly this directory. */
  cwd?: string;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
  /** Include sessions with no user message (nothing was ever asked). Default false. */
  includeEmpty?: boolean;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** Pass as `cursor` for the next page; null when there are no more sessions. */
  nextCursor: string | null;
}

/** Heads read at once; enough to hide per-file latency without flooding file descriptors. */
const CONCURRENCY = 16;

async function sortedDesc(dir: string, pattern: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => pattern.test(n)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/**
 * Every rollout file name with its path, newest first (by the name's timestamp, then id).
 * `before`: a file name; only names sorting strictly below it are produced.
 */
export async function* walkRolloutFiles(
  codexHome: string,
  before?: string,
): AsyncGenerator<{ name: string; path: string }> {
  const root = sessionsDir(codexHome);
  const stamp = before ? parseRolloutFileName(before)?.stamp : undefined;
  const [by, bm, bd] = stamp ? stamp.slice(0, 10).split("-") : [];
  for (const year of await sortedDesc(root, /^\d{4}$/)) {
    if (by && year > by) continue;
    for (const month of await sortedDesc(path.join(root, year), /^\d{2}$/)) {
      if (by && year === by && bm && month > bm) continue;
      for (const day of await sortedDesc(path.join(root, year, month), /^\d{2}$/)) {
        if (by && year === by && month === bm && bd && day > bd) continue;
        const dir = path.join(root, year, month, day);
        for (const name of await sortedDesc(dir, /^rollout-.*\.jsonl$/)) {
          if (before && name >= before) continue;
          yield { name, path: path.join(dir, name) };
        }
      }
    }
  }
}

function fileStampToIso(stamp: string): string {
  // `2025-01-02T03-04-05` (local) → Date → ISO; the name carries no zone, so this is local.
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})$/.exec(stamp);
  if (!m) return stamp;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!).toISOString();
}

/** One page of sessions, newest first. */
export async function listSessions(params: ListSessionsParams): Promise<SessionPage> {
  const sessions: SessionSummary[] = [];
  if (params.limit <= 0) return { sessions, nextCursor: null };
  const files = walkRolloutFiles(params.codexHome, params.cursor ?? undefined);
  let walkDone = false;
  let lastName: string | null = null;
  let unconsumed = false;
  while (sessions.length < params.limit && !walkDone) {
    const batch: { name: string; path: string }[] = [];
    while (batch.length < CONCURRENCY) {
      const next = await files.next();
      if (next.done) {
        walkDone = true;
        break;
      }
      batch.push(next.value);
    }
    const heads = await Promise.all(
      batch.map((file) => readSessionHead(file.path, { cwd: params.cwd, wantUserMessage: true })),
    );
    for (let i = 0; i < batch.length; i++) {
      if (sessions.length >= params.limit) {
        unconsumed = true;
        break;
      }
      const file = batch[i]!;
      const head = heads[i];
      lastName = file.name;
      if (!head) continue;
      // A review's own thread belongs to its parent session; it is not resumed on its own.
      if (head.subThread) continue;
      if (params.cwd !== undefined && head.cwd !== params.cwd) continue;
      if (!params.includeEmpty && head.firstUserMessage === null) continue;
      const parsed = parseRolloutFileName(file.name);
      sessions.push({
        id: head.id ?? parsed?.id ?? file.name,
        path: file.path,
        timestamp: head.timestamp ?? (parsed ? fileStampToIso(parsed.stamp) : ""),
        cwd: head.cwd,
        firstUserMessage: head.firstUserMessage,
        sizeBytes: head.sizeBytes,
      });
    }
  }
  await files.return(undefined);
  // When the walk ended exactly at a full page we cannot know more exist without reading on;
  // a cursor then may lead to an empty page, which callers treat as the end.
  const more = unconsumed || !walkDone;
  return { sessions, nextCursor: more ? lastName : null };
}

/** The most recent session (optionally started in `cwd`), or null. */
export async function findLatestSession(
  codexHome: string,
  options: { cwd?: string } = {},
): Promise<SessionSummary | null> {
  const page = await listSessions({ codexHome, cwd: options.cwd, limit: 1 });
  return page.sessions[0] ?? null;
}
