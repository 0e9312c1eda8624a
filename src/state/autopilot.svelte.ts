import type { CycleEnd } from './cycle-runner.svelte';
import type { TimerHandle, Timers } from './ports';

/** What the autopilot needs: timers, the pace in force and a way to run one cycle. */
export interface AutopilotDeps {
  timers: Timers;
  paceMs: () => number;
  runCycle: () => Promise<CycleEnd>;
  /** Whether a decision still waits for a human (absent: the note never says it was answered). */
  awaitingHuman?: () => boolean;
  /** Told when it is switched on or off, by a person or by itself, so a reload knows. */
  changed?: () => void;
}

/** Why the autopilot went off without being switched off: a cycle's end, or a reload. */
type StopCause = Exclude<CycleEnd, 'done'> | 'reload';

const NOTES: Record<StopCause, string> = {
  'needs-approval': 'Autopilot stopped: a decision needs your approval.',
  failed: 'Autopilot stopped: the last cycle failed.',
  reload: 'Autopilot is off after the reload; it was on before. Switch it on to go on.',
};

/** The note once the decision the autopilot stopped for has been approved, rejected or expired. */
export const ANSWERED_NOTE =
  'Autopilot is off: the decision it stopped for has been answered. Switch it on to go on.';

/**
 * "Agent on": runs cycles at the settings' pace until switched off, a decision needs a human or
 * one fails. While the lab's clock plays, the clock holds the pace timer and asks for one cycle
 * per window instead, so the agent acts exactly once a window.
 */
export class Autopilot {
  on = $state(false);
  /** What stopped the autopilot by itself, if anything did. */
  private stoppedBy = $state<StopCause | null>(null);
  private readonly deps: AutopilotDeps;
  private timer: TimerHandle | null = null;
  private held = false;

  constructor(deps: AutopilotDeps) {
    this.deps = deps;
  }

  /**
   * Why the autopilot stopped by itself, if it did; once the decision it stopped for no longer
   * waits, the note says so instead of asking for an approval nobody can give any more.
   */
  get note(): string | null {
    if (this.stoppedBy === null) return null;
    if (this.stoppedBy === 'needs-approval' && this.deps.awaitingHuman?.() === false)
      return ANSWERED_NOTE;
    return NOTES[this.stoppedBy];
  }

  /** Turns the autopilot on (the first cycle runs at once) or off. */
  set(on: boolean): void {
    const changed = on !== this.on;
    this.on = on;
    if (changed) this.deps.changed?.();
    if (on) {
      this.stoppedBy = null;
      if (!this.held) this.schedule(0);
    } else if (this.timer) {
      this.deps.timers.clear(this.timer);
      this.timer = null;
    }
  }

  /**
   * After a reload of a page where it was on: it stays off, because an agent that takes up
   * acting by itself on a page just opened is a surprise, and the note says it was on.
   */
  offAfterReload(): void {
    if (!this.on) this.stoppedBy = 'reload';
  }

  /** The clock takes the pace over (true) or hands it back (false: the pace timer resumes). */
  holdForClock(hold: boolean): void {
    if (hold === this.held) return;
    this.held = hold;
    if (hold && this.timer) {
      this.deps.timers.clear(this.timer);
      this.timer = null;
    } else if (!hold && this.on) this.schedule(this.deps.paceMs());
  }

  /** One cycle for the window the clock just stepped; stops the agent as a paced run would. */
  async actForWindow(): Promise<CycleEnd | null> {
    if (!this.on) return null;
    const end = await this.deps.runCycle();
    if (this.on && end !== 'done') {
      this.set(false);
      this.stoppedBy = end;
    }
    return end;
  }

  private schedule(delayMs: number): void {
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (!this.on || this.held) return;
    const end = await this.deps.runCycle();
    if (!this.on || this.held) return;
    if (end === 'done') {
      this.schedule(this.deps.paceMs());
      return;
    }
    this.set(false);
    this.stoppedBy = end;
  }
}
