// One task at a time (seed-spec §6.1); what is asked for meanwhile waits its turn. Codex
// replaces the running task instead; waiting keeps a `/compact`, `/review` or `!cmd` typed
// during a turn from killing that turn.
import type { ResponseItem, TurnAbortReason } from "../protocol/index.js";
import { acceptsInput, type ActiveTask, type TaskKind } from "./tasks/types.js";

export type TaskRun = (task: ActiveTask) => Promise<void>;

interface QueuedTask {
  kind: TaskKind;
  subId: string;
  run: TaskRun;
  /** Input typed while a queued regular task waits; it joins that task. */
  pendingInput: ResponseItem[];
}

export interface SchedulerHooks {
  /** A task threw instead of reporting its failure (a bug): tell the front-end. */
  onCrash(task: ActiveTask, error: Error): void;
  /** After every task, before the next starts (cancel approvals, flush the rollout). */
  afterTask(task: ActiveTask): Promise<void>;
  /** No task runs any more, and the next (if one waits) has not started. */
  idle?(): void;
}

export class TaskScheduler {
  private active: ActiveTask | null = null;
  private activeDone: Promise<void> = Promise.resolve();
  private readonly queued: QueuedTask[] = [];
  private closed = false;

  constructor(private readonly hooks: SchedulerHooks) {}

  get current(): ActiveTask | null {
    return this.active;
  }

  /** Run a task now, or after the running one (and those already waiting). */
  start(kind: TaskKind, subId: string, run: TaskRun): void {
    if (this.closed) return;
    const entry: QueuedTask = { kind, subId, run, pendingInput: [] };
    if (this.active || this.queued.length > 0) this.queued.push(entry);
    else this.launch(entry);
  }

  /**
   * Input typed now joins the running task (seed B3.21) or a regular task waiting to start.
   * False when it needs a task of its own.
   */
  offerInput(item: ResponseItem): boolean {
    if (this.active?.acceptingInput) {
      this.active.pendingInput.push(item);
      return true;
    }
    const last = this.queued[this.queued.length - 1];
    if (last?.kind === "regular") {
      last.pendingInput.push(item);
      return true;
    }
    return false;
  }

  abort(task: ActiveTask, reason: TurnAbortReason): void {
    if (task.controller.signal.aborted) return;
    task.abortReason = reason;
    task.controller.abort(reason);
  }

  abortCurrent(reason: TurnAbortReason): void {
    if (this.active) this.abort(this.active, reason);
  }

  /** Drop waiting tasks, abort the running one and wait for it to end. */
  async close(): Promise<void> {
    this.closed = true;
    this.queued.length = 0;
    while (this.active) {
      this.abort(this.active, "interrupted");
      await this.activeDone;
    }
  }

  private launch(entry: QueuedTask): void {
    const task: ActiveTask = {
      kind: entry.kind,
      subId: entry.subId,
      controller: new AbortController(),
      pendingInput: [...entry.pendingInput],
      acceptingInput: acceptsInput(entry.kind),
      abortReason: null,
      turnStore: new Map(),
    };
    this.active = task;
    this.activeDone = this.run(task, entry.run).finally(() => {
      if (this.active === task) this.active = null;
      this.hooks.idle?.();
      const next = this.queued.shift();
      if (next && !this.closed) this.launch(next);
    });
  }

  private async run(task: ActiveTask, run: TaskRun): Promise<void> {
    try {
      await run(task);
    } catch (e) {
      this.hooks.onCrash(task, e as Error);
    } finally {
      task.acceptingInput = false;
      await this.hooks.afterTask(task);
    }
  }
}
