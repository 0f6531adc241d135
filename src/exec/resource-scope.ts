// Who owns which child process, and how every one of them ends. A `ResourceScope` is what a
// session owns: the processes started on its behalf (commands, exec sessions, MCP stdio servers,
// notify programs) and closable objects (the exec-session manager). Disposing it ends them all
// with a bounded grace period: SIGTERM (and SIGCONT, so stopped ones see it), then SIGKILL.
//
// Ownership follows the async call chain (AsyncLocalStorage): a session runs its loop inside
// its scope, so whatever its tools spawn is tracked there without passing the scope around.
// Processes spawned outside any scope (start-up warm-ups) are tracked process-wide only.
// Every tracked process is also in one process-wide set: a synchronous 'exit' handler sends
// SIGKILL to whatever is left when Node exits, however it exits; for the one way it cannot see
// (codex SIGKILLed), a watchdog process ends the groups once we are gone (./watchdog.ts).

import { AsyncLocalStorage } from "node:async_hooks";
import {
  parentPidOf,
  processAlive,
  processGroupAlive,
  signalProcessGroup,
  signalProcessTree,
} from "./process-group.js";
import { forgetGroup, watchGroup } from "./watchdog.js";

/** What a tracked process is; used in diagnostics only. */
export type ProcessKind = "command" | "exec-session" | "mcp-server" | "notify" | "probe";

export interface TrackOptions {
  kind: ProcessKind;
  /**
   * True when `pid` was spawned as the leader of its own process group (`detached`): the whole
   * group is ours. False: `pid` shares our group, so it is signalled with its descendants.
   */
  group: boolean;
  /**
   * On dispose, how long the process may keep running to finish its job before it is asked to
   * stop (a notify program started as the session ends).
   */
  lingerMs?: number;
}

export interface TrackedProcess {
  readonly pid: number;
  /** The direct child exited; the entry goes once nothing of it is left. */
  exited(): void;
}

/** Something a scope closes on dispose. */
export interface ScopedResource {
  dispose(): Promise<void>;
}

/** After SIGTERM, how long processes get before SIGKILL. */
export const DEFAULT_TERMINATE_GRACE_MS = 1_000;
/** After SIGKILL, how long to wait for the kernel to finish them off. */
const KILL_WAIT_MS = 2_000;
/** A resource whose dispose() hangs does not hold up the rest. */
const RESOURCE_DISPOSE_TIMEOUT_MS = 5_000;
const POLL_MS = 20;

class Entry implements TrackedProcess {
  leaderGone = false;
  owner: ResourceScope | null = null;
  private forgotten = false;

  constructor(
    readonly pid: number,
    readonly options: TrackOptions,
  ) {
    if (options.group) watchGroup(pid);
  }

  alive(): boolean {
    if (this.options.group) return processGroupAlive(this.pid);
    if (this.leaderGone) return false;
    // Still our child? A pid reaped and reused by someone else must never be signalled.
    const parent = parentPidOf(this.pid);
    return processAlive(this.pid) && (parent === null || parent === process.pid);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.options.group) {
      // Once the leader is gone, only the group id is ours: never fall back to the bare pid.
      if (this.leaderGone) {
        try {
          process.kill(-this.pid, signal);
        } catch {
          // The group emptied meanwhile.
        }
      } else {
        signalProcessGroup(this.pid, signal);
      }
    } else if (!this.leaderGone) {
      signalProcessTree(this.pid, signal);
    }
  }

  exited(): void {
    this.leaderGone = true;
    // A group may outlive its leader (`sleep 100 &`); it stays tracked until it is empty.
    if (!this.alive()) this.forget();
  }

  forget(): void {
    if (this.forgotten) return;
    this.forgotten = true;
    allProcesses.delete(this);
    this.owner?.forgetProcess(this);
    if (this.options.group) forgetGroup(this.pid);
  }
}

const allProcesses = new Set<Entry>();
const scopeStorage = new AsyncLocalStorage<ResourceScope>();
let exitHandlerInstalled = false;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/** A resource's dispose(), given up on (not cancelled) after `ms`. */
async function disposeWithin(resource: ScopedResource, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([resource.dispose().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Drops entries of groups that emptied since (so their ids are never signalled again). */
function prune(entries: Iterable<Entry>): void {
  for (const entry of [...entries]) if (entry.leaderGone && !entry.alive()) entry.forget();
}

/** Lets lingering ones finish, then SIGTERM, grace, SIGKILL; resolves once all are gone. */
async function terminate(entries: Entry[], graceMs: number): Promise<void> {
  prune(entries);
  const living = () => entries.filter((e) => e.alive());
  const lingering = living().filter((e) => (e.options.lingerMs ?? 0) > 0);
  if (lingering.length > 0) {
    const linger = Math.max(...lingering.map((e) => e.options.lingerMs ?? 0));
    await waitUntil(() => lingering.every((e) => !e.alive()), linger);
  }
  let targets = living();
  for (const entry of targets) {
    entry.signal("SIGTERM");
    entry.signal("SIGCONT");
  }
  if (targets.length > 0) await waitUntil(() => living().length === 0, graceMs);
  targets = living();
  for (const entry of targets) entry.signal("SIGKILL");
  if (targets.length > 0) await waitUntil(() => living().length === 0, KILL_WAIT_MS);
  for (const entry of entries) if (!entry.alive()) entry.forget();
}

/** The last resort when Node exits: SIGKILL, synchronously, to everything still tracked. */
export function killAllProcessesSync(): void {
  for (const entry of [...allProcesses]) {
    entry.signal("SIGKILL");
    entry.forget();
  }
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on("exit", killAllProcessesSync);
}

export class ResourceScope {
  private readonly processes = new Set<Entry>();
  private readonly resources = new Set<ScopedResource>();
  private disposing: Promise<void> | null = null;

  constructor(readonly name: string) {}

  /** True once dispose() was called: anything registered later is ended at once. */
  get closed(): boolean {
    return this.disposing !== null;
  }

  /** Registers a resource to dispose with the scope; returns a function that unregisters it. */
  add(resource: ScopedResource): () => void {
    if (this.closed) {
      void resource.dispose().catch(() => undefined);
      return () => undefined;
    }
    this.resources.add(resource);
    return () => this.resources.delete(resource);
  }

  /** Tracks a child process; see `trackProcess`. */
  track(pid: number, options: TrackOptions): TrackedProcess {
    const entry = register(pid, options);
    entry.owner = this;
    prune(this.processes);
    this.processes.add(entry);
    // Started while the session was shutting down: it ends with it.
    if (this.closed) void terminate([entry], DEFAULT_TERMINATE_GRACE_MS);
    return entry;
  }

  /** Pids (group leaders) of processes still tracked, for diagnostics and tests. */
  processIds(): number[] {
    prune(this.processes);
    return [...this.processes].map((e) => e.pid);
  }

  /** @internal */
  forgetProcess(entry: Entry): void {
    this.processes.delete(entry);
  }

  /**
   * Closes every resource, then ends every process tree still running. Idempotent; resolves
   * once they are gone (or could not be killed within the bounds).
   */
  dispose(graceMs = DEFAULT_TERMINATE_GRACE_MS): Promise<void> {
    this.disposing ??= (async () => {
      const resources = [...this.resources];
      this.resources.clear();
      await Promise.all(resources.map((r) => disposeWithin(r, RESOURCE_DISPOSE_TIMEOUT_MS)));
      await terminate([...this.processes], graceMs);
    })();
    return this.disposing;
  }
}

function register(pid: number, options: TrackOptions): Entry {
  installExitHandler();
  const entry = new Entry(pid, options);
  prune(allProcesses);
  allProcesses.add(entry);
  return entry;
}

/** Runs `fn` with `scope` owning every process and resource registered from its call chain. */
export function runInResourceScope<T>(scope: ResourceScope, fn: () => T): T {
  return scopeStorage.run(scope, fn);
}

export function currentResourceScope(): ResourceScope | undefined {
  return scopeStorage.getStore();
}

const UNTRACKED: TrackedProcess = { pid: -1, exited: () => undefined };

/**
 * Tracks a child process right after it was spawned: owned by the current scope (if any) and
 * always by the process-wide set the exit handler kills. Call `exited()` when it exits.
 */
export function trackProcess(pid: number | undefined, options: TrackOptions): TrackedProcess {
  if (pid === undefined || pid <= 0) return UNTRACKED;
  const scope = currentResourceScope();
  return scope ? scope.track(pid, options) : register(pid, options);
}

/** Ends every tracked process in the process, owned or not (signal and parent-death paths). */
export function terminateAllProcesses(graceMs = DEFAULT_TERMINATE_GRACE_MS): Promise<void> {
  return terminate([...allProcesses], graceMs);
}

/** Pids (group leaders) of every tracked process still running. */
export function trackedProcessIds(): number[] {
  prune(allProcesses);
  return [...allProcesses].map((e) => e.pid);
}
