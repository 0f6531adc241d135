// fuzzyFileSearch (the TUI's file search, run over each root) and fs/watch / fs/unwatch with
// fs/changed notifications (node:fs.watch). Watches belong to the connection that made them and
// stop when it goes away.
import { watch, type FSWatcher } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { FileSearch, PathIndex, startIndexing } from "../tui/features/file-search/index.js";
import type { ClientConnection } from "./connection.js";
import type { Handler } from "./methods-threads.js";
import { invalidRequest, parseParams } from "./rpc.js";

const Abs = z.string().refine((p) => path.isAbsolute(p), { message: "must be an absolute path" });
const SearchSchema = z.object({
  query: z.string(),
  roots: z.array(Abs),
  cancellationToken: z.string().nullable().optional(),
});
const WatchSchema = z.object({ path: Abs, watchId: z.string().min(1) });
const UnwatchSchema = z.object({ watchId: z.string() });

/** As many results as the reference returns per search. */
const SEARCH_LIMIT = 50;
/** Changes arriving within this window go out as one fs/changed. */
const COALESCE_MS = 50;

/** Lists `root` (ripgrep, .gitignore honoured) and ranks its paths for `query`. */
async function searchRoot(root: string, query: string, signal: AbortSignal) {
  const index = new PathIndex();
  const indexer = startIndexing(index, { cwd: root });
  signal.addEventListener("abort", () => indexer.cancel(), { once: true });
  await indexer.done;
  const search = new FileSearch(index, { limit: SEARCH_LIMIT });
  try {
    const snap = await new Promise<ReturnType<FileSearch["snapshot"]>>((resolve) => {
      search.subscribe((s) => {
        if (s.caughtUp) resolve(s);
      });
      search.setQuery(query);
    });
    return snap.matches.map((m) => ({
      root,
      path: m.path,
      file_name: path.basename(m.path),
      match_type: "file" as const,
      score: Math.max(0, Math.round(m.score)),
      indices: m.positions,
    }));
  } finally {
    search.dispose();
  }
}

export function fileMethods(): Record<string, Handler> {
  /** A newer search with the same cancellationToken cancels the older one. */
  const searches = new Map<string, AbortController>();
  const watches = new Map<ClientConnection, Map<string, { watcher: FSWatcher; path: string }>>();

  const watchesOf = (conn: ClientConnection) => {
    let mine = watches.get(conn);
    if (!mine) {
      const created = new Map<string, { watcher: FSWatcher; path: string }>();
      watches.set(conn, created);
      conn.onClose(() => {
        for (const w of created.values()) w.watcher.close();
        watches.delete(conn);
      });
      mine = created;
    }
    return mine;
  };

  return {
    fuzzyFileSearch: async (_conn, params) => {
      const p = parseParams(SearchSchema, params);
      const abort = new AbortController();
      if (p.cancellationToken) {
        searches.get(p.cancellationToken)?.abort();
        searches.set(p.cancellationToken, abort);
      }
      try {
        if (p.query === "") return { files: [] };
        const perRoot = await Promise.all(p.roots.map((r) => searchRoot(r, p.query, abort.signal)));
        if (abort.signal.aborted) return { files: [] };
        const files = perRoot
          .flat()
          .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
        return { files: files.slice(0, SEARCH_LIMIT) };
      } finally {
        if (p.cancellationToken && searches.get(p.cancellationToken) === abort) {
          searches.delete(p.cancellationToken);
        }
      }
    },
    "fs/watch": async (conn, params) => {
      const p = parseParams(WatchSchema, params);
      const mine = watchesOf(conn);
      if (mine.has(p.watchId)) throw invalidRequest(`watch id ${p.watchId} is already in use`);
      let isDir: boolean;
      try {
        isDir = (await stat(p.path)).isDirectory();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw invalidRequest(`cannot watch ${p.path}: ${err.code ?? err.message}`);
      }
      let pending = new Set<string>();
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        const changedPaths = [...pending].sort();
        pending = new Set();
        conn.notify("fs/changed", { watchId: p.watchId, changedPaths });
      };
      // A directory reports the names of the entries that changed; a file reports itself.
      const watcher = watch(p.path, { persistent: false }, (_event, name) => {
        pending.add(isDir && name ? path.join(p.path, name.toString()) : p.path);
        timer ??= setTimeout(flush, COALESCE_MS);
      });
      watcher.on("error", () => {
        // The watched path went away: the watch ends; a last fs/changed names it.
        pending.add(p.path);
        watcher.close();
        mine.delete(p.watchId);
        timer ??= setTimeout(flush, COALESCE_MS);
      });
      mine.set(p.watchId, { watcher, path: p.path });
      return { path: p.path };
    },
    "fs/unwatch": async (conn, params) => {
      const p = parseParams(UnwatchSchema, params);
      const mine = watchesOf(conn);
      const w = mine.get(p.watchId);
      if (!w) throw invalidRequest(`no watch ${p.watchId}`);
      w.watcher.close();
      mine.delete(p.watchId);
      return {};
    },
  };
}
