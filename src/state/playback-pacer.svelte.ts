import type { Clock, TimerHandle, Timers } from './ports';

/** What the pacer needs: timers, a clock, the tick to run, and whether and how fast to play. */
export interface TickPacerDeps {
  timers: Timers;
  clock: Clock;
  tick: () => Promise<void>;
  playing: () => boolean;
  /** Ticks a second while playing. */
  perSecond: () => number;
}

/**
 * The clock's pacing: ticks run one after another in one queue, so a Step or a reopened run
 * waits for the window in flight, and while playing the next tick is timed to keep the chosen
 * rate, the time a tick took counted against the wait.
 */
export class TickPacer {
  private timer: TimerHandle | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly deps: TickPacerDeps;

  constructor(deps: TickPacerDeps) {
    this.deps = deps;
  }

  /** Starts timed ticks, the first after `delayMs`. */
  start(delayMs: number): void {
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      if (!this.deps.playing()) return;
      const started = this.deps.clock.elapsed();
      void this.enqueue().then(() => {
        if (!this.deps.playing()) return;
        const spent = this.deps.clock.elapsed() - started;
        this.start(Math.max(0, 1000 / this.deps.perSecond() - spent));
      });
    }, delayMs);
  }

  /** Stops timed ticks; the tick in flight still finishes. */
  stop(): void {
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = null;
  }

  /** Queues one tick after those in flight. */
  enqueue(): Promise<void> {
    return this.after(() => this.deps.tick());
  }

  /** Queues `job` after the ticks in flight, so nothing else runs beside it. */
  after(job: () => Promise<void>): Promise<void> {
    this.running = this.running.then(job);
    return this.running;
  }

  /** Resolves once the tick or job in flight (if any) is done. */
  settled(): Promise<void> {
    return this.running;
  }
}
