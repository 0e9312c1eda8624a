import { SLO_RANGE, type ClockDials, type PlaySpeed } from '../contracts/session';
import { formatPercent } from '../domain/percent';

/** The SLO on success the timeline starts with: a healthy window succeeds about 99.2 %. */
export const DEFAULT_SLO = 0.98;

/** The speed the clock starts at, in windows a second. */
export const DEFAULT_SPEED: PlaySpeed = 4;

/** A share as the page writes it, e.g. "98.0 %". */
const percent = (share: number) => formatPercent(share, { unit: ' %' });

/**
 * The clock's dials: the speed it plays at and the SLO on success the timeline draws and burns
 * the error budget against. Each change is kept for a reload (`changed`); an SLO out of range is
 * refused with the reason, and the one in force stays.
 */
export class ClockDialsState {
  speed = $state<PlaySpeed>(DEFAULT_SPEED);
  slo = $state(DEFAULT_SLO);
  private readonly changed: () => void;

  constructor(changed: () => void = () => {}) {
    this.changed = changed;
  }

  /** Sets the speed in windows a second; a running clock picks it up at the next tick. */
  setSpeed(speed: PlaySpeed): void {
    this.speed = speed;
    this.changed();
  }

  /** Sets the SLO on success (a share); returns why it was refused, or null once it is in force. */
  setSlo(slo: number): string | null {
    if (!Number.isFinite(slo) || slo < SLO_RANGE.min || slo > SLO_RANGE.max)
      return `The SLO must be between ${percent(SLO_RANGE.min)} and ${percent(SLO_RANGE.max)}; ${percent(this.slo)} stays in force.`;
    this.slo = slo;
    this.changed();
    return null;
  }

  /** The dials as the session keeps them. */
  get kept(): ClockDials {
    return { speed: this.speed, slo: this.slo };
  }

  /** Puts back the dials a reload found, without writing them again. */
  restore(dials: ClockDials): void {
    this.speed = dials.speed;
    this.slo = dials.slo;
  }
}
