/**
 * The one queue every change of the control plane goes through (an execution after approval, an
 * autopilot cycle, a hand rollback): jobs run one at a time in the order they were asked for, so
 * no change can start from a control plane that another change is about to replace.
 */
export class ControlQueue {
  /** Jobs running or waiting; the buttons that would race are disabled while it is above 0. */
  pendingJobs = $state(0);
  readonly busy = $derived(this.pendingJobs > 0);
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` after every job asked for before it; its result or error is the caller's. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.pendingJobs += 1;
    const result = this.tail.then(job);
    // The next job waits for this one to settle either way: one failure must not stop the queue.
    this.tail = result.then(
      () => this.finish(),
      () => this.finish(),
    );
    return result;
  }

  /** Resolves once every job asked for so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  private finish(): void {
    this.pendingJobs -= 1;
  }
}
