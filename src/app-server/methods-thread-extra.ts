// More thread/* methods: naming, compaction, `!cmd`, turn and item listing, archive/delete.
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { sessionsDir } from "../rollout/index.js";
import type { Handler } from "./methods-threads.js";
import { invalidRequest, parseParams } from "./rpc.js";
import { ThreadIdParamsSchema } from "./schemas.js";
import { checkThreadId, findThreadFile, readStoredThread } from "./stored-threads.js";
import type { ThreadRegistry } from "./thread-registry.js";
import { threadObject, turnObject, type TurnRecord } from "./v2.js";

const SetNameSchema = z.object({ threadId: z.string(), name: z.string() });
const ReviewStartSchema = z.object({
  threadId: z.string(),
  target: z.discriminatedUnion("type", [
    z.object({ type: z.literal("uncommittedChanges") }),
    z.object({ type: z.literal("baseBranch"), branch: z.string() }),
    z.object({
      type: z.literal("commit"),
      sha: z.string(),
      title: z.string().nullable().optional(),
    }),
    z.object({ type: z.literal("custom"), instructions: z.string() }),
  ]),
  delivery: z.enum(["inline", "detached"]).nullable().optional(),
});
const ShellSchema = z.object({
  threadId: z.string(),
  command: z.string(),
  timeoutMs: z.number().int().nullable().optional(),
});
const TurnsListSchema = z.object({
  threadId: z.string(),
  cursor: z.string().nullable().optional(),
  limit: z.number().int().min(0).nullable().optional(),
  sortDirection: z.enum(["asc", "desc"]).nullable().optional(),
  itemsView: z.enum(["notLoaded", "summary", "full"]).nullable().optional(),
});
const ItemsListSchema = z.object({
  threadId: z.string(),
  turnId: z.string().nullable().optional(),
  cursor: z.string().nullable().optional(),
  limit: z.number().int().min(0).nullable().optional(),
  sortDirection: z.enum(["asc", "desc"]).nullable().optional(),
});

/** Where archived rollouts go (Codex's layout): `$CODEX_HOME/archived_sessions/<file>`. */
export function archivedDir(codexHome: string): string {
  return path.join(codexHome, "archived_sessions");
}

/** A page of `items` from a numeric cursor (the index of the first one). */
function page<T>(items: T[], cursor: string | null | undefined, limit: number | null | undefined) {
  const start = cursor ? Number(cursor) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidRequest(`invalid cursor: ${cursor}`);
  const n = limit ?? items.length;
  const data = items.slice(start, start + n);
  const next = start + n < items.length ? String(start + n) : null;
  return {
    data,
    nextCursor: next,
    backwardsCursor: start > 0 ? String(Math.max(0, start - n)) : null,
  };
}

export function threadExtraMethods(reg: ThreadRegistry): Record<string, Handler> {
  /** Turns of a loaded thread, or of a saved one read from its rollout. */
  const turnsOf = async (threadId: string): Promise<TurnRecord[]> => {
    checkThreadId(threadId);
    const loaded = reg.get(threadId);
    if (loaded) return loaded.turns;
    const config = await reg.loadConfig({});
    return (await readStoredThread(await findThreadFile(config.codexHome, threadId))).turns;
  };

  return {
    "thread/name/set": async (_conn, params) => {
      const p = parseParams(SetNameSchema, params);
      reg.loaded(p.threadId).setName(p.name);
      return {};
    },
    "thread/compact/start": async (conn, params) => {
      const p = parseParams(ThreadIdParamsSchema, params);
      reg.loaded(p.threadId).startTurn(conn, { type: "compact" });
      return {};
    },
    "thread/shellCommand": async (conn, params) => {
      const p = parseParams(ShellSchema, params);
      reg
        .loaded(p.threadId)
        .startTurn(conn, { type: "run_user_shell_command", command: p.command });
      return {};
    },
    "review/start": async (conn, params) => {
      const p = parseParams(ReviewStartSchema, params);
      if (p.delivery === "detached") {
        throw invalidRequest(
          "review delivery `detached` is not supported by codex-ts; use `inline`",
        );
      }
      const t = reg.loaded(p.threadId);
      const { buildReviewRequest, ReviewTargetError } = await import("../review/index.js");
      const target =
        p.target.type === "uncommittedChanges"
          ? ({ kind: "uncommitted" } as const)
          : p.target.type === "baseBranch"
            ? ({ kind: "base", branch: p.target.branch } as const)
            : p.target.type === "commit"
              ? ({ kind: "commit", sha: p.target.sha, title: p.target.title ?? undefined } as const)
              : ({ kind: "custom", instructions: p.target.instructions } as const);
      let request;
      try {
        request = await buildReviewRequest(t.config.cwd, target);
      } catch (e) {
        if (e instanceof ReviewTargetError) throw invalidRequest(e.message);
        throw e;
      }
      const turn = t.startTurn(conn, { type: "review", review_request: request });
      return { turn: turnObject(turn, "notLoaded"), reviewThreadId: t.id };
    },
    "thread/turns/list": async (_conn, params) => {
      const p = parseParams(TurnsListSchema, params);
      const turns = [...(await turnsOf(p.threadId))];
      if (p.sortDirection === "desc") turns.reverse();
      const view = p.itemsView ?? "full";
      const result = page(turns, p.cursor, p.limit);
      return { ...result, data: result.data.map((t) => turnObject(t, view)) };
    },
    "thread/items/list": async (_conn, params) => {
      const p = parseParams(ItemsListSchema, params);
      const turns = await turnsOf(p.threadId);
      const entries = turns
        .filter((t) => !p.turnId || t.id === p.turnId)
        .flatMap((t) =>
          t.items.map((item) => ({ item, turnId: t.id, startedAtMs: null, completedAtMs: null })),
        );
      if (p.sortDirection === "desc") entries.reverse();
      return page(entries, p.cursor, p.limit);
    },
    "thread/archive": async (conn, params) => {
      const p = parseParams(ThreadIdParamsSchema, params);
      const loaded = reg.get(p.threadId);
      if (loaded) await loaded.close();
      const config = await reg.loadConfig({});
      const file = await findThreadFile(config.codexHome, p.threadId);
      const dest = archivedDir(config.codexHome);
      mkdirSync(dest, { recursive: true, mode: 0o700 });
      renameSync(file, path.join(dest, path.basename(file)));
      conn.notify("thread/archived", { threadId: p.threadId });
      return {};
    },
    "thread/unarchive": async (conn, params) => {
      const p = parseParams(ThreadIdParamsSchema, params);
      checkThreadId(p.threadId);
      const config = await reg.loadConfig({});
      const archived = archivedDir(config.codexHome);
      const { readdirSync } = await import("node:fs");
      const name = (() => {
        try {
          return readdirSync(archived).find((f) => f.endsWith(`${p.threadId}.jsonl`));
        } catch {
          return undefined;
        }
      })();
      if (!name) throw invalidRequest(`no archived thread ${p.threadId}`);
      const m = /^rollout-(\d{4})-(\d{2})-(\d{2})T/.exec(name);
      const dir = m
        ? path.join(sessionsDir(config.codexHome), m[1]!, m[2]!, m[3]!)
        : sessionsDir(config.codexHome);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, name);
      renameSync(path.join(archived, name), file);
      const stored = await readStoredThread(file);
      conn.notify("thread/unarchived", { threadId: p.threadId });
      return { thread: threadObject(stored.info, { type: "notLoaded" }, []) };
    },
    "thread/delete": async (_conn, params) => {
      const p = parseParams(ThreadIdParamsSchema, params);
      const loaded = reg.get(p.threadId);
      if (loaded) await loaded.close();
      const config = await reg.loadConfig({});
      rmSync(await findThreadFile(config.codexHome, p.threadId), { force: true });
      return {};
    },
  };
}
