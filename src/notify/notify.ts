// Runs the user's `notify` program after a turn, fire-and-forget: the session never waits
// for it, and a missing or broken program is reported once, not on every turn.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createChildEnv } from "../exec/env-policy.js";
import { trackProcess } from "../exec/resource-scope.js";

/**
 * When the session ends right after a turn (`codex exec`), how long its notify program may
 * still run before it is stopped: enough for a desktop notification, never an orphan.
 */
export const NOTIFY_LINGER_MS = 3_000;

/** The `agent-turn-complete` notification (kebab-case keys, as Codex sends it). */
export interface AgentTurnCompletePayload {
  type: "agent-turn-complete";
  "thread-id": string;
  "turn-id": string;
  cwd: string;
  /** The front-end that ran the turn (e.g. "codex-tui"); absent for `codex exec`, as in Codex. */
  client?: string;
  /** What the user sent in this turn (text inputs, in order). */
  "input-messages": string[];
  "last-assistant-message": string | null;
}

export type NotifyPayload = AgentTurnCompletePayload;

export function agentTurnCompletePayload(params: {
  threadId: string;
  turnId: string;
  cwd: string;
  client?: string | null;
  inputMessages: readonly string[];
  lastAssistantMessage: string | null | undefined;
}): AgentTurnCompletePayload {
  // Key order is Codex's, so a program comparing the JSON text sees the same bytes.
  return {
    type: "agent-turn-complete",
    "thread-id": params.threadId,
    "turn-id": params.turnId,
    cwd: params.cwd,
    ...(params.client ? { client: params.client } : {}),
    "input-messages": [...params.inputMessages],
    "last-assistant-message": params.lastAssistantMessage ?? null,
  };
}

export interface RunNotifyOptions {
  /** Where failures are reported; standard error by default. */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

const reported = new Set<string>();

function report(program: string, detail: string, log: (message: string) => void): void {
  if (reported.has(program)) return;
  reported.add(program);
  log(
    `codex: the notify program "${program}" could not be run (${detail}); ` +
      `check \`notify\` in config.toml. Further failures of it will not be reported.`,
  );
}

/**
 * Start `argv[0]` with `argv[1..]` and the JSON payload as its last argument. Returns the
 * child (already unref'd, so it never keeps codex alive) or null if nothing was started.
 * Secrets (`*KEY*`, `*SECRET*`, `*TOKEN*` variables) are not passed on, as for commands.
 */
export function runNotify(
  argv: readonly string[],
  payload: NotifyPayload,
  options: RunNotifyOptions = {},
): ChildProcess | null {
  const [program, ...args] = argv;
  if (program === undefined || program === "") return null;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const env = createChildEnv(
    { inherit: "all", ignoreDefaultExcludes: false, exclude: [], set: {}, includeOnly: [] },
    options.env ?? process.env,
  );
  let child: ChildProcess;
  try {
    child = spawn(program, [...args, JSON.stringify(payload)], {
      detached: true,
      stdio: "ignore",
      env,
    });
  } catch (err) {
    report(program, err instanceof Error ? err.message : String(err), log);
    return null;
  }
  child.on("error", (err: NodeJS.ErrnoException) => {
    const detail =
      err.code === "ENOENT" ? "not found" : err.code === "EACCES" ? "not executable" : err.message;
    report(program, detail, log);
  });
  // Its own process group, owned by the session: ended with it, after NOTIFY_LINGER_MS.
  const tracked = trackProcess(child.pid, {
    kind: "notify",
    group: true,
    lingerMs: NOTIFY_LINGER_MS,
  });
  child.once("exit", () => tracked.exited());
  child.unref();
  return child;
}
