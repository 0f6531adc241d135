// How the process ends when it is asked to from outside: SIGINT, SIGTERM (what the official SDK
// sends to abort), SIGHUP, its parent dying, or its output's reader going away (EPIPE). Every live session is shut down (task aborted,
// rollout flushed, its processes ended), then every process tree still tracked is terminated,
// and the process exits 128 + the signal number, as the reference's launcher reports it.
//
// A front-end that handles a signal itself (exec's Ctrl-C interrupts the turn, the TUI restores
// the terminal and re-raises, `codex mcp-server` and `codex sandbox` do their own shutdown) keeps
// it: for SIGTERM and SIGHUP we then only arm a backstop that forces the exit if theirs stalls.
import { constants as osConstants } from "node:os";
import { shutdownLiveSessions } from "../core/live-sessions.js";
import { parentPidOf, processAlive } from "../exec/process-group.js";

// The process registry is loaded only when a signal arrives: commands that never start a
// process do not pay for it (it is already loaded by then in those that did).
const registry = () => import("../exec/resource-scope.js");

/** How long sessions get to shut down (abort, flush) before the process exits anyway. */
const SESSION_SHUTDOWN_BOUND_MS = 5_000;
/** After SIGTERM, how long process trees get before SIGKILL. */
const PROCESS_GRACE_MS = 1_000;
/** When a front-end handles the signal itself, how long before we force the exit. */
const BACKSTOP_MS = 10_000;
/** How often the parent is checked. Not a timing guarantee: cleanup takes what it takes. */
const PARENT_POLL_MS = 500;

const HANDLED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type HandledSignal = (typeof HANDLED)[number];

let installed = false;
let exitingWith: number | null = null;

function signalExitCode(signal: HandledSignal): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

/** Ends the process for `signal`: sessions, then process trees, then exit. */
async function shutdownFor(signal: HandledSignal): Promise<never> {
  const code = signalExitCode(signal);
  if (exitingWith !== null) {
    // A second request while shutting down: stop waiting (the registry's exit handler sends
    // SIGKILL to whatever is left).
    process.exit(exitingWith);
  }
  exitingWith = code;
  await shutdownLiveSessions(SESSION_SHUTDOWN_BOUND_MS);
  await (await registry()).terminateAllProcesses(PROCESS_GRACE_MS);
  process.exit(code);
}

function onSignal(signal: HandledSignal): void {
  const others = process.listenerCount(signal) - 1;
  if (others > 0) {
    // The front-end decides what this signal means (exec: Ctrl-C interrupts the turn).
    if (signal !== "SIGINT") {
      setTimeout(() => void shutdownFor(signal), BACKSTOP_MS).unref();
    }
    return;
  }
  void shutdownFor(signal);
}

let hungUp = false;

/** Our reader or our parent is gone: handled as SIGHUP, through the front-ends' handlers too. */
function hangUp(): void {
  if (hungUp) return;
  hungUp = true;
  process.kill(process.pid, "SIGHUP");
}

/**
 * Node cannot ask the kernel for a signal when the parent dies (PR_SET_PDEATHSIG), so the parent
 * is polled: once we are re-parented (or, without /proc, the parent is gone), it is a hang-up.
 */
function watchParent(): void {
  const original = process.ppid;
  // Started by init or a reaper on purpose: there is no parent whose death we could notice.
  if (original <= 1) return;
  const timer = setInterval(() => {
    const current = parentPidOf("self");
    const gone = current === null ? !processAlive(original) : current !== original;
    if (!gone) return;
    clearInterval(timer);
    hangUp();
  }, PARENT_POLL_MS);
  timer.unref();
}

/** Installs the exit paths once, for every command but `--version`. */
export function installExitHandling(): void {
  if (installed) return;
  installed = true;
  for (const signal of HANDLED) process.on(signal, onSignal);
  // Whoever calls process.exit meanwhile (a front-end finishing its own shutdown), the exit
  // status still says which signal ended us.
  process.on("exit", () => {
    if (exitingWith !== null) process.exitCode = exitingWith;
  });
  watchParent();
  // Whoever read our output went away (the SDK's process died, `| head` had enough): a hang-up
  // rather than a crash with a stack trace, unless the front-end handles it (`mcp-server`).
  // Other stream errors stay what they were.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (stream.listenerCount("error") > 1) return;
      if (error.code !== "EPIPE") throw error;
      hangUp();
    });
  }
}
