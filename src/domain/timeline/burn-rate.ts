/** One window's payments and how many of them succeeded: what burn rates are computed from. */
export interface WindowCounts {
  payments: number;
  successes: number;
}

/**
 * Real minutes of the SRE workbook one lab window stands for. The lab's clock ticks one-minute
 * windows and a preset incident lasts 30 of them, so the workbook's 6-hour window is compressed
 * 12× to fit one incident: 1 h → 5 windows, 5 min → 1, 6 h → 30, 30 min → 3 (rounded up).
 */
export const WORKBOOK_MINUTES_PER_WINDOW = 12;

/** One multi-window burn-rate alert of the Google SRE workbook (chapter "Alerting on SLOs"). */
export interface BurnAlert {
  id: 'fast' | 'slow';
  /** Burn rate both windows must reach for the alert to fire. */
  threshold: number;
  /** The long and the short window, in the workbook's real minutes. */
  longMinutes: number;
  shortMinutes: number;
}

/** The workbook's two paging alerts: 2 % of a 30-day budget in 1 h, and 5 % in 6 h. */
export const BURN_ALERTS: readonly BurnAlert[] = [
  { id: 'fast', threshold: 14.4, longMinutes: 60, shortMinutes: 5 },
  { id: 'slow', threshold: 6, longMinutes: 360, shortMinutes: 30 },
];

/** Lab windows a workbook span covers on the compressed clock: at least one window. */
export function labWindows(workbookMinutes: number, scale = WORKBOOK_MINUTES_PER_WINDOW): number {
  return Math.max(1, Math.ceil(workbookMinutes / scale));
}

/** Throws unless the SLO target is a share strictly between 0 and 1 (the budget must exist). */
function checkSlo(slo: number): void {
  if (!(slo > 0 && slo < 1)) throw new RangeError(`the SLO must lie between 0 and 1, got ${slo}`);
}

/**
 * The burn rate over the `span` windows ending at index `end` (inclusive): the error rate of
 * those payments divided by the error budget (1 − SLO). At the start of a run fewer windows exist
 * and the rate covers those there are; null when they carry no payments.
 */
export function burnRate(
  counts: readonly WindowCounts[],
  end: number,
  span: number,
  slo: number,
): number | null {
  checkSlo(slo);
  let payments = 0;
  let successes = 0;
  for (let i = Math.max(0, end - span + 1); i <= end && i < counts.length; i++) {
    payments += counts[i]!.payments;
    successes += counts[i]!.successes;
  }
  if (payments === 0) return null;
  return (1 - successes / payments) / (1 - slo);
}

/** One window's burn rates over both windows of both alerts, and whether each alert fires. */
export interface BurnPoint {
  fastLong: number | null;
  fastShort: number | null;
  slowLong: number | null;
  slowShort: number | null;
  fastFiring: boolean;
  slowFiring: boolean;
}

/** Both burn rates of one alert at one window, and whether both reach its threshold. */
function alertAt(counts: readonly WindowCounts[], end: number, slo: number, alert: BurnAlert) {
  const long = burnRate(counts, end, labWindows(alert.longMinutes), slo);
  const short = burnRate(counts, end, labWindows(alert.shortMinutes), slo);
  const firing =
    long !== null && short !== null && long >= alert.threshold && short >= alert.threshold;
  return { long, short, firing };
}

/** The burn rates and alert states of every window of a run, in order. */
export function burnSeries(counts: readonly WindowCounts[], slo: number): BurnPoint[] {
  const [fastAlert, slowAlert] = BURN_ALERTS as [BurnAlert, BurnAlert];
  return counts.map((_, end) => {
    const fast = alertAt(counts, end, slo, fastAlert);
    const slow = alertAt(counts, end, slo, slowAlert);
    return {
      fastLong: fast.long,
      fastShort: fast.short,
      slowLong: slow.long,
      slowShort: slow.short,
      fastFiring: fast.firing,
      slowFiring: slow.firing,
    };
  });
}
