/**
 * Runs asynchronous work so that at most one job is in flight and only the newest request waits:
 * while a slider moves, requests that were overtaken are dropped instead of queueing stale work.
 */
export class LatestOnly<T> {
  private running = false;
  private next: { input: T } | null = null;
  private readonly job: (input: T) => Promise<void>;
  private idleWaiters: (() => void)[] = [];
  /** How many requests were dropped because a newer one overtook them. */
  dropped = 0;

  constructor(job: (input: T) => Promise<void>) {
    this.job = job;
  }

  /** Asks for `input` to be processed; replaces any request still waiting. */
  request(input: T): void {
    if (this.next) this.dropped += 1;
    this.next = { input };
    if (!this.running) void this.drain();
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (!this.running && !this.next) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.next) {
      const { input } = this.next;
      this.next = null;
      try {
        await this.job(input);
      } catch {
        // The job reports its own errors; a failure must not stop later requests.
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
