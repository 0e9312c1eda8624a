import type { CycleEnd } from './cycle-runner.svelte';
import type { TimerHandle, Timers } from './ports';

/** What the autopilot needs: timers, the pace in force and a way to run one cycle. */
export interface AutopilotDeps {
  timers: Timers;
  paceMs: () => number;
  runCycle: () => Promise<CycleEnd>;
}

const NOTES: Record<Exclude<CycleEnd, 'done'>, string> = {
  'needs-approval': 'Autopilot stopped: a decision needs your approval.',
  failed: 'Autopilot stopped: the last cycle failed.',
};

/** Runs cycles at the settings' pace until switched off, a decision needs a human or one fails. */
export class Autopilot {
  on = $state(false);
  /** Why the autopilot stopped by itself, if it did. */
  note = $state<string | null>(null);
  private readonly deps: AutopilotDeps;
  private timer: TimerHandle | null = null;

  constructor(deps: AutopilotDeps) {
    this.deps = deps;
  }

  /** Turns the autopilot on (the first cycle runs at once) or off. */
  set(on: boolean): void {
    this.on = on;
    if (on) {
      this.note = null;
      this.schedule(0);
    } else if (this.timer) {
      this.deps.timers.clear(this.timer);
      this.timer = null;
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (!this.on) return;
    const end = await this.deps.runCycle();
    if (!this.on) return;
    if (end === 'done') {
      this.schedule(this.deps.paceMs());
      return;
    }
    this.set(false);
    this.note = NOTES[end];
  }
}
