// Plumbing shared by the unattended front-ends (`codex exec`, `codex review`, `codex mcp-server`):
// config and key loading that turn expected failures into messages, session start-up, and
// running one task to completion with nobody to answer approvals.
import { MissingApiKeyError, resolveApiKey } from "../auth/index.js";
import { ConfigError, loadConfig, type LoadOptions, type LoadedConfig } from "../config/index.js";
import type { Config } from "../config/types.js";
import {
  ConversationManager,
  type Conversation,
  type InitialHistory,
  type NewConversation,
} from "../core/index.js";
import type { Event, Op } from "../protocol/index.js";
import { createSessionServices, type ServiceOptions } from "./session-services.js";

/** A value, or a message for the user explaining why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export async function loadConfigOutcome(opts: LoadOptions): Promise<Outcome<LoadedConfig>> {
  try {
    return { ok: true, value: await loadConfig(opts) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, message: e.message };
    throw e;
  }
}

export function apiKeyOutcome(config: Config): Outcome<string | undefined> {
  try {
    const resolved = resolveApiKey(
      config.modelProvider,
      config.modelProviderId,
      process.env,
      config.codexHome,
    );
    return { ok: true, value: resolved?.key };
  } catch (e) {
    if (e instanceof MissingApiKeyError) return { ok: false, message: e.message };
    throw e;
  }
}

export interface StartOptions extends ServiceOptions {
  apiKey: string | undefined;
  initialHistory?: InitialHistory;
  manager?: ConversationManager;
  log: (message: string) => void;
}

/** A conversation with tools, persistence and MCP servers; start-up failures become messages. */
export async function startSession(
  config: Config,
  opts: StartOptions,
): Promise<Outcome<NewConversation>> {
  try {
    const manager = opts.manager ?? new ConversationManager();
    const started = await manager.newConversation({
      config,
      apiKey: opts.apiKey,
      originator: opts.originator,
      initialHistory: opts.initialHistory,
      ...createSessionServices(config, opts),
      log: opts.log,
    });
    return { ok: true, value: started };
  } catch (e) {
    // A required MCP server that failed, an unreadable rollout: the user's to fix.
    return { ok: false, message: (e as Error).message };
  }
}

/** Diagnostics only when asked for (`CODEX_TS_LOG`), never on stdout. */
export function stderrLog(message: string): void {
  if (process.env.CODEX_TS_LOG) process.stderr.write(`${message}\n`);
}

/**
 * Submit one op and feed every event to `onEvent` until the task ends, then shut the session
 * down. Approval requests are denied: nobody can answer them. Ctrl-C interrupts the task (a
 * second one exits at once). Resolves with whether the task was interrupted.
 */
export async function runUnattendedTask(
  conversation: Conversation,
  op: Op,
  onEvent: (ev: Event) => void,
): Promise<{ interrupted: boolean }> {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    conversation.submit({ type: "interrupt" });
  };
  process.on("SIGINT", onSigint);
  try {
    conversation.submit(op);
    let ev: Event | undefined;
    while ((ev = await conversation.nextEvent())) {
      if (
        ev.msg.type === "exec_approval_request" ||
        ev.msg.type === "apply_patch_approval_request"
      ) {
        const kind = ev.msg.type === "exec_approval_request" ? "exec_approval" : "patch_approval";
        conversation.submit({ type: kind, id: ev.msg.call_id, decision: "denied" });
      }
      onEvent(ev);
      if (ev.msg.type === "task_complete" || ev.msg.type === "turn_aborted") {
        conversation.submit({ type: "shutdown" });
      }
    }
    await conversation.finished;
  } finally {
    process.off("SIGINT", onSigint);
  }
  return { interrupted };
}
