// Adapts the rollout recorder to the core's SessionPersistence seam.
import type { Config } from "../config/types.js";
import type { InitialHistory, SessionPersistence, TurnSettings } from "../core/session-types.js";
import type { EventMsg, ResponseItem } from "../protocol/index.js";
import { gitInfo } from "./git-info.js";
import { RolloutRecorder } from "./recorder.js";
import type { SessionSource } from "./types.js";

export interface PersistenceOptions {
  config: Config;
  originator: string;
  source: SessionSource;
  cliVersion: string;
  baseInstructions: string;
}

export async function createRolloutPersistence(
  opts: PersistenceOptions,
  conversationId: string,
  initial: InitialHistory,
): Promise<SessionPersistence> {
  const sub = initial.kind === "new" ? initial.subThread : undefined;
  const recorder =
    initial.kind === "resumed"
      ? await RolloutRecorder.resume({ path: initial.rolloutPath })
      : RolloutRecorder.create({
          codexHome: opts.config.codexHome,
          conversationId,
          meta: {
            id: conversationId,
            timestamp: new Date().toISOString(),
            cwd: opts.config.cwd,
            originator: opts.originator,
            cli_version: opts.cliVersion,
            // A task's own thread (a review) is marked as Codex marks it, so session lists
            // and `resume --last` leave it out.
            source: sub ? { subagent: sub.agent } : opts.source,
            ...(sub ? { parent_thread_id: sub.parentThreadId, thread_source: "subagent" } : {}),
            model_provider: opts.config.modelProviderId,
            base_instructions: { text: sub ? sub.baseInstructions : opts.baseInstructions },
          },
          // Git facts are gathered in the background; the first write waits for them, not the session.
          git: gitInfo(opts.config.cwd),
        });
  return {
    path: recorder.path,
    recordItems: (items: ResponseItem[]) =>
      recorder.record(items.map((payload) => ({ type: "response_item" as const, payload }))),
    recordEvent: (msg: EventMsg) => recorder.record([{ type: "event_msg", payload: msg }]),
    recordTurnContext: (s: TurnSettings) =>
      recorder.record([
        {
          type: "turn_context",
          payload: {
            cwd: s.cwd,
            approval_policy: s.approvalPolicy,
            sandbox_policy: s.sandboxPolicy,
            model: s.model,
            effort: s.effort,
            summary: s.summary,
          },
        },
      ]),
    recordCompacted: (payload: { message: string; replacement_history: ResponseItem[] }) =>
      recorder.record([{ type: "compacted", payload }]),
    flush: () => recorder.flush(),
    shutdown: () => recorder.shutdown(),
  };
}
