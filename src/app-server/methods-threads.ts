// thread/* and turn/* methods.
import path from "node:path";
import type { Op, UserInput } from "../protocol/index.js";
import { corePolicy } from "./policy.js";
import { listSessions } from "../rollout/index.js";
import type { ClientConnection } from "./connection.js";
import type { LoadedThread } from "./loaded-thread.js";
import { reportMcpStartup } from "./methods-mcp.js";
import { invalidRequest, parseParams } from "./rpc.js";
import {
  ThreadForkParamsSchema,
  ThreadIdParamsSchema,
  ThreadListParamsSchema,
  ThreadLoadedListParamsSchema,
  ThreadReadParamsSchema,
  ThreadResumeParamsSchema,
  ThreadStartParamsSchema,
  TurnInterruptParamsSchema,
  TurnStartParamsSchema,
  TurnSteerParamsSchema,
  type V2UserInput,
} from "./schemas.js";
import { findThreadFile, listArchived, readStoredThread } from "./stored-threads.js";
import type { ServerContext, ThreadRegistry } from "./thread-registry.js";
import { turnObject } from "./v2.js";

export type Handler = (conn: ClientConnection, params: unknown) => Promise<unknown>;

export function threadMethods(reg: ThreadRegistry, ctx: ServerContext): Record<string, Handler> {
  const opened = (conn: ClientConnection, t: LoadedThread, turns: boolean, announce: boolean) => {
    const thread = t.toThread(turns);
    // The response goes out first; thread/started follows it, as in the reference.
    if (announce)
      queueMicrotask(() => {
        conn.notify("thread/started", { thread: t.toThread(false) });
        reportMcpStartup(t);
      });
    return { thread, ...reg.settingsOf(t) };
  };

  return {
    "thread/start": async (conn, params) => {
      const p = parseParams(ThreadStartParamsSchema, params);
      return opened(conn, await reg.start(conn, p), false, true);
    },
    "thread/resume": async (conn, params) => {
      const p = parseParams(ThreadResumeParamsSchema, params);
      const wasLoaded = reg.get(p.threadId) !== undefined;
      const t = await reg.resume(conn, p);
      // A thread loaded from its rollout started a session, and with it its MCP servers.
      if (!wasLoaded) queueMicrotask(() => reportMcpStartup(t));
      return opened(conn, t, !p.excludeTurns, false);
    },
    "thread/fork": async (conn, params) => {
      const p = parseParams(ThreadForkParamsSchema, params);
      return opened(conn, await reg.fork(conn, p), !p.excludeTurns, true);
    },
    "thread/read": async (_conn, params) => {
      const p = parseParams(ThreadReadParamsSchema, params);
      const loaded = reg.get(p.threadId);
      if (loaded) return { thread: loaded.toThread(p.includeTurns ?? false) };
      const config = await reg.loadConfig({});
      const stored = await readStoredThread(await findThreadFile(config.codexHome, p.threadId));
      const { threadObject } = await import("./v2.js");
      return {
        thread: threadObject(
          stored.info,
          { type: "notLoaded" },
          p.includeTurns ? stored.turns : [],
        ),
      };
    },
    "thread/list": async (_conn, params) => {
      const p = parseParams(ThreadListParamsSchema, params);
      const config = await reg.loadConfig({});
      if (p.archived) return listArchived(config.codexHome, p.cursor, p.limit);
      const cwd = typeof p.cwd === "string" ? path.resolve(ctx.cwd, p.cwd) : undefined;
      const page = await listSessions({
        codexHome: config.codexHome,
        cwd,
        limit: p.limit ?? 25,
        cursor: p.cursor ?? null,
      });
      const { threadObject, nowSeconds } = await import("./v2.js");
      const data = page.sessions.map((s) => {
        const loaded = reg.get(s.id);
        if (loaded) return loaded.toThread(false);
        const created = Math.floor(Date.parse(s.timestamp) / 1000) || nowSeconds();
        return threadObject(
          {
            id: s.id,
            path: s.path,
            cwd: s.cwd ?? "",
            model: null,
            modelProvider: config.modelProviderId,
            reasoningEffort: null,
            preview: s.firstUserMessage ?? "",
            createdAt: created,
            updatedAt: created,
            ephemeral: false,
            forkedFromId: null,
            originator: null,
            source: "unknown",
            name: null,
          },
          { type: "notLoaded" },
          [],
        );
      });
      return { data, nextCursor: page.nextCursor, backwardsCursor: null };
    },
    "thread/loaded/list": async (_conn, params) => {
      const p = parseParams(ThreadLoadedListParamsSchema, params);
      const ids = reg.list().map((t) => t.id);
      return { data: ids.slice(0, p.limit ?? ids.length), nextCursor: null };
    },
    "thread/unsubscribe": async (conn, params) => {
      const p = parseParams(ThreadIdParamsSchema, params);
      const t = reg.get(p.threadId);
      if (!t) return { status: "notLoaded" };
      return { status: t.unsubscribe(conn) ? "unsubscribed" : "notSubscribed" };
    },
    "turn/start": async (conn, params) => {
      const p = parseParams(TurnStartParamsSchema, params);
      const t = reg.loaded(p.threadId);
      t.subscribers.add(conn);
      const c = t.config;
      const op: Op & { type: "user_turn" } = {
        type: "user_turn",
        items: coreInput(p.input, ctx.cwd),
        cwd: p.cwd ? path.resolve(ctx.cwd, p.cwd) : c.cwd,
        approval_policy:
          typeof p.approvalPolicy === "string"
            ? p.approvalPolicy
            : p.approvalPolicy
              ? "on-request"
              : c.approvalPolicy,
        sandbox_policy: p.sandboxPolicy ? corePolicy(p.sandboxPolicy) : c.sandboxPolicy,
        model: p.model ?? c.model,
        effort: p.effort ?? c.modelReasoningEffort,
        summary: p.summary ?? c.modelReasoningSummary,
        final_output_json_schema: p.outputSchema ?? undefined,
      };
      const turn = t.startTurn(conn, op);
      return { turn: { ...turnObject(turn, "notLoaded"), startedAt: null } };
    },
    "turn/steer": async (_conn, params) => {
      const p = parseParams(TurnSteerParamsSchema, params);
      const t = reg.loaded(p.threadId);
      t.steer(p.expectedTurnId, { type: "user_input", items: coreInput(p.input, ctx.cwd) });
      return { turnId: p.expectedTurnId };
    },
    "turn/interrupt": async (_conn, params) => {
      const p = parseParams(TurnInterruptParamsSchema, params);
      reg.loaded(p.threadId).interrupt(p.turnId);
      return {};
    },
  };
}

/** v2 input as the core's; mentions are passed to the model as text naming the path. */
function coreInput(input: V2UserInput[], cwd: string): UserInput[] {
  if (input.length === 0) throw invalidRequest("Invalid request: `input` must not be empty");
  return input.map((i): UserInput => {
    switch (i.type) {
      case "text":
        return { type: "text", text: i.text };
      case "image":
        return { type: "image", image_url: i.url };
      case "localImage":
        return { type: "local_image", path: path.resolve(cwd, i.path) };
      case "mention":
        return { type: "text", text: `@${i.name} (${i.path})` };
    }
  });
}
