// Parallel-safe tool calls share the lock; the others take it exclusively, so mutating calls
// never overlap with anything while read-only calls still run together.

export class RwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ write: boolean; wake: () => void }> = [];

  async withRead<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.drain();
    }
  }

  async withWrite<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.drain();
    }
  }

  private acquire(write: boolean): Promise<void> {
    // FIFO: a waiting writer blocks later readers so calls start in model order.
    if (this.queue.length === 0 && this.canEnter(write)) {
      this.enter(write);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ write, wake: resolve }));
  }

  private canEnter(write: boolean): boolean {
    return write ? !this.writer && this.readers === 0 : !this.writer;
  }

  private enter(write: boolean): void {
    if (write) this.writer = true;
    else this.readers++;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (!this.canEnter(next.write)) return;
      this.queue.shift();
      this.enter(next.write);
      next.wake();
    }
  }
}
