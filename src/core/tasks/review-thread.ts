// The review's own thread, recorded as Codex records it: a rollout file of its own whose
// session_meta names the parent session (`parent_thread_id`) and says it is a sub-agent
// (`source: {"subagent": "review"}`), holding the reviewer's conversation and turn boundaries.
// The parent session keeps only the result (see review.ts). Nothing here may fail a review:
// a rollout that cannot be written is logged and skipped.
import type { EventMsg, ResponseItem } from "../../protocol/index.js";
import type { SessionPersistence } from "../session-types.js";
import { uuidv7 } from "../uuid.js";
import type { TaskHost } from "./types.js";

export class ReviewThread {
  /** The sub-thread's id (also what `notify` names for the review turn, as Codex does). */
  readonly id = uuidv7();
  /** The review turn's id. */
  readonly turnId = uuidv7();
  private persistence: SessionPersistence | null = null;

  private constructor(private readonly host: TaskHost) {}

  /** Opens the rollout when the parent session is persisted (ephemeral sessions record none). */
  static async open(host: TaskHost, instructions: string): Promise<ReviewThread> {
    const thread = new ReviewThread(host);
    const create = host.options.createPersistence;
    if (create) {
      try {
        thread.persistence = await create(thread.id, {
          kind: "new",
          subThread: {
            parentThreadId: host.conversationId,
            agent: "review",
            baseInstructions: instructions,
          },
        });
      } catch (e) {
        host.log(`review: could not record the review thread: ${(e as Error).message}`);
      }
    }
    return thread;
  }

  recordItems(items: ResponseItem[]): void {
    if (items.length > 0) this.guard(() => this.persistence?.recordItems(items));
  }

  recordEvent(msg: EventMsg): void {
    this.guard(() => this.persistence?.recordEvent(msg));
  }

  /** Ends the thread with `last` (a task_complete or turn_aborted event) and closes the file. */
  async close(last: EventMsg): Promise<void> {
    this.recordEvent(last);
    const persistence = this.persistence;
    this.persistence = null;
    await persistence?.shutdown().catch((e: unknown) => {
      this.host.log(`review: could not finish the review thread: ${(e as Error).message}`);
    });
  }

  private guard(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.host.log(`review: could not record the review thread: ${(e as Error).message}`);
    }
  }
}
