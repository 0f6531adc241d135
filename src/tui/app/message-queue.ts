// Messages typed while a turn runs (or before the session is ready), sent one per turn.
import type { UserInput } from "../../protocol/index.js";

export interface QueuedMessage {
  text: string;
  items: UserInput[];
}

export class MessageQueue {
  private readonly items: QueuedMessage[] = [];

  push(msg: QueuedMessage): void {
    this.items.push(msg);
  }

  shift(): QueuedMessage | undefined {
    return this.items.shift();
  }

  /** Everything queued, removed (an interrupt hands it back to the composer). */
  drainText(): string | null {
    if (this.items.length === 0) return null;
    const text = this.items.map((m) => m.text).join("\n");
    this.items.length = 0;
    return text;
  }

  clear(): void {
    this.items.length = 0;
  }

  get texts(): string[] {
    return this.items.map((m) => m.text);
  }
}
