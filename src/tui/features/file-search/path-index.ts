// The workspace's file paths as they arrive from the indexer, with their lower-cased forms and
// character masks computed once so that every keystroke's search compares plain strings.
import { basenameStart, charMask } from "./scorer.js";

export type PathIndexListener = (added: number) => void;

export class PathIndex {
  readonly paths: string[] = [];
  readonly lower: string[] = [];
  /** `charMask` of each lower-cased path. */
  readonly masks: number[] = [];
  /** Where each path's file name starts. */
  readonly bases: number[] = [];
  private complete = false;
  private readonly listeners = new Set<PathIndexListener>();
  private errorMessage: string | null = null;

  get size(): number {
    return this.paths.length;
  }

  /** True once the indexer has listed every file (or stopped at its limit or an error). */
  get isComplete(): boolean {
    return this.complete;
  }

  /** Why indexing stopped early, if it did. */
  get error(): string | null {
    return this.errorMessage;
  }

  add(batch: readonly string[]): void {
    if (batch.length === 0) return;
    for (const p of batch) {
      const lower = p.toLowerCase();
      this.paths.push(p);
      this.lower.push(lower);
      this.masks.push(charMask(lower));
      this.bases.push(basenameStart(p));
    }
    this.emit(batch.length);
  }

  markComplete(error: string | null = null): void {
    if (this.complete) return;
    this.complete = true;
    this.errorMessage = error;
    this.emit(0);
  }

  /** Called after every batch (with its size) and once on completion (with 0). */
  subscribe(listener: PathIndexListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(added: number): void {
    for (const listener of [...this.listeners]) listener(added);
  }
}
