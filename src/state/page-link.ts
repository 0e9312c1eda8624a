import type { Scenario } from '../contracts';
import type { TimerHandle, Timers } from './ports';

/** How often at most a slider drag rewrites the link. */
export const URL_WRITE_INTERVAL_MS = 300;

/**
 * The page's link: rewritten to the live scenario at most every URL_WRITE_INTERVAL_MS, because
 * browsers throttle history updates. It remembers the scenario it shows, which lags the live one,
 * so that the session can tell a reload under it from a link to another world.
 */
export class PageLink {
  private timer: TimerHandle | null = null;
  private shownScenario: Scenario | null = null;
  private readonly write: (scenario: Scenario) => void;
  private readonly timers: Timers;

  constructor(write: (scenario: Scenario) => void, timers: Timers) {
    this.write = write;
    this.timers = timers;
  }

  /** The scenario the link shows, as last written (null: a bare link, never rewritten). */
  get shown(): Scenario | null {
    return this.shownScenario;
  }

  /** Puts `scenario` into the link now (`write`), or notes that the link shows it already. */
  show(scenario: Scenario, write = true): void {
    if (write) this.write(scenario);
    this.shownScenario = scenario;
  }

  /** Rewrites the link to what `current` gives once the interval is up; later calls join it. */
  follow(current: () => Scenario): void {
    if (this.timer) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.show(current());
    }, URL_WRITE_INTERVAL_MS);
  }
}
