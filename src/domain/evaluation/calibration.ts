/**
 * Whether the agent's stated confidence means what it says: a reliability table (bins of stated
 * confidence against how often the action then met expectations) and the expected calibration
 * error, the count-weighted mean gap between the two.
 */
import type { CaseResult } from '../../contracts';

/** One stated confidence and whether the action met expectations. */
export interface CalibrationPair {
  confidence: number;
  met: boolean;
}

/** One bin of the reliability table: stated confidence in [low, high) against the observed rate. */
export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  /** Mean stated confidence in the bin; null when empty. */
  meanConfidence: number | null;
  /** Share of the bin's actions that met expectations; null when empty. */
  observedRate: number | null;
}

/** The reliability table and its expected calibration error (null when there were no pairs). */
export interface CalibrationReport {
  bins: ReliabilityBin[];
  total: number;
  ece: number | null;
}

/** Default number of equal-width bins over 0–1. */
export const CALIBRATION_BINS = 10;

/**
 * An evaluated action met expectations when it came within this much of the oracle's objective:
 * the best the guardrails allowed, as simulated on the same seed.
 */
export const MET_REGRET = 0.005;

/**
 * The reliability table of (confidence, met) pairs over `bins` equal-width bins (the last bin
 * includes 1) and the expected calibration error Σ (n_b / N) · |rate_b − mean confidence_b|.
 */
export function calibrationReport(
  pairs: readonly CalibrationPair[],
  bins: number = CALIBRATION_BINS,
): CalibrationReport {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const sums = Array.from({ length: bins }, () => ({ n: 0, conf: 0, met: 0 }));
  for (const p of pairs) {
    if (!Number.isFinite(p.confidence))
      throw new RangeError(`confidence must be finite, got ${p.confidence}`);
    const c = Math.min(1, Math.max(0, p.confidence));
    const b = sums[Math.min(bins - 1, Math.floor(c * bins))] as {
      n: number;
      conf: number;
      met: number;
    };
    b.n += 1;
    b.conf += c;
    if (p.met) b.met += 1;
  }
  let ece = 0;
  const out: ReliabilityBin[] = sums.map((s, i) => {
    const meanConfidence = s.n > 0 ? s.conf / s.n : null;
    const observedRate = s.n > 0 ? s.met / s.n : null;
    if (meanConfidence !== null && observedRate !== null)
      ece += (s.n / pairs.length) * Math.abs(observedRate - meanConfidence);
    return { low: i / bins, high: (i + 1) / bins, count: s.n, meanConfidence, observedRate };
  });
  return { bins: out, total: pairs.length, ece: pairs.length > 0 ? ece : null };
}

/**
 * The (confidence, met) pairs of evaluated cases whose action ran: met when the multi-seed oracle
 * found it the best or tied with the best (exact agreement), or, for a case scored without that
 * verdict, when its regret was at most MET_REGRET. A blocked action did not run, so whether it met
 * expectations was not observed: those cases are left out and counted.
 */
export function casePairs(
  results: readonly CaseResult[],
  basis: CalibrationBasis = 'outcome',
): {
  pairs: CalibrationPair[];
  blocked: number;
} {
  const pairs: CalibrationPair[] = [];
  let blocked = 0;
  for (const r of results) {
    if (r.blocked) {
      blocked += 1;
      continue;
    }
    if (basis === 'outcome') {
      // A case scored before the verdict was kept, or where nothing ran, has none to count.
      if (typeof r.outcomeMet === 'boolean')
        pairs.push({ confidence: r.confidence, met: r.outcomeMet });
      continue;
    }
    pairs.push({ confidence: r.confidence, met: r.exactAgreement ?? r.regret <= MET_REGRET });
  }
  return { pairs, blocked };
}

/**
 * What "met" means in a reliability table: 'outcome', the executor judged that the action
 * delivered what it promised (at least half the estimated gain, and not significantly worse) on
 * its paired window, the event the agent's confidence states; 'oracle', the multi-seed oracle
 * found it the best or tied with the best, a stricter event.
 */
export type CalibrationBasis = 'oracle' | 'outcome';

/** The reliability table as text lines, one bin a line (empty bins left out). */
export function formatCalibration(report: CalibrationReport, blocked = 0): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const lines = [
    `Calibration: ${report.total} executed decisions${blocked > 0 ? ` (${blocked} blocked, not observed)` : ''}; expected calibration error ${report.ece === null ? 'n/a' : report.ece.toFixed(3)}`,
    '  stated confidence  n     mean stated  observed met',
  ];
  for (const b of report.bins) {
    if (b.count === 0 || b.meanConfidence === null || b.observedRate === null) continue;
    lines.push(
      `  ${`${pct(b.low)}–${pct(b.high)}`.padEnd(17)}  ${String(b.count).padEnd(4)}  ${pct(b.meanConfidence).padEnd(11)}  ${pct(b.observedRate)}`,
    );
  }
  return lines;
}

/** A monotone map from a raw confidence to the rate it was observed to come true, by knots. */
export interface CalibrationMap {
  /** Raw confidences, increasing. */
  x: number[];
  /** Observed rates at those knots, non-decreasing. */
  y: number[];
}

/**
 * Fits a calibration map to (raw confidence, met) pairs: per bin the observed rate shrunk by
 * `priorWeight` pseudo-pairs toward `prior` at the bin's mean raw confidence (by default the
 * pairs' overall rate: a bin of few pairs says little, and the raw confidence is what is being
 * corrected, so it is no prior), made non-decreasing by pooling adjacent violators. Empty bins
 * give no knot.
 */
export function fitCalibrationMap(
  pairs: readonly CalibrationPair[],
  bins: number = CALIBRATION_BINS,
  priorWeight = 4,
  prior?: (raw: number) => number,
): CalibrationMap {
  const report = calibrationReport(pairs, bins);
  const base = pairs.length > 0 ? pairs.filter((p) => p.met).length / pairs.length : 0;
  const blocks: { x: number; y: number; w: number }[] = [];
  for (const b of report.bins) {
    if (b.count === 0 || b.meanConfidence === null || b.observedRate === null) continue;
    const target = prior ? prior(b.meanConfidence) : base;
    const y = (b.observedRate * b.count + priorWeight * target) / (b.count + priorWeight);
    blocks.push({ x: b.meanConfidence, y, w: b.count + priorWeight });
    // Pool adjacent violators: a lower rate after a higher one merges the two.
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { x: number; y: number; w: number };
      const prev = blocks[blocks.length - 2] as { x: number; y: number; w: number };
      if (prev.y <= last.y) break;
      const w = prev.w + last.w;
      blocks.splice(-2, 2, {
        x: (prev.x * prev.w + last.x * last.w) / w,
        y: (prev.y * prev.w + last.y * last.w) / w,
        w,
      });
    }
  }
  return { x: blocks.map((b) => b.x), y: blocks.map((b) => b.y) };
}

/**
 * A raw confidence through the map: linear between knots, the end knot's rate outside them (what
 * was observed at the edge is all the fit knows beyond it); within 0–0.99 (never certain). An
 * empty map changes nothing.
 */
export function applyCalibrationMap(map: CalibrationMap, raw: number): number {
  const { x, y } = map;
  const n = Math.min(x.length, y.length);
  let c = raw;
  if (n > 0) {
    if (raw <= (x[0] as number)) c = y[0] as number;
    else if (raw >= (x[n - 1] as number)) c = y[n - 1] as number;
    else {
      let i = 1;
      while ((x[i] as number) < raw) i += 1;
      const xa = x[i - 1] as number;
      const xb = x[i] as number;
      const t = xb > xa ? (raw - xa) / (xb - xa) : 0;
      c = (y[i - 1] as number) + t * ((y[i] as number) - (y[i - 1] as number));
    }
  }
  return Math.min(0.99, Math.max(0, c));
}

/**
 * Calibration conditioned on the action's remedy family (passive, routing, retries, timeout,
 * unwind): how often a stated confidence came true differs by what the action does, so each
 * family with enough pairs has its own map and the others use the pooled one.
 */
export interface FamilyCalibration {
  pooled: CalibrationMap;
  families: Record<string, CalibrationMap>;
  /**
   * The families the fit saw at all. A family it never saw (the catalog's single decisions start
   * with nothing in force, so it has no unwind) has nothing to be calibrated against: its
   * evidence confidence stands rather than a map fitted on other kinds of action. Absent: every
   * family is taken as seen.
   */
  seen?: string[];
}

/** One raw confidence, whether the action met expectations, and the action's remedy family. */
export interface FamilyPair extends CalibrationPair {
  family: string;
}

/** Fewest pairs a family needs for a map of its own. */
export const MIN_FAMILY_PAIRS = 20;

/**
 * Pseudo-pairs of the pooled map in each bin of a family's map: a family seen in few situations
 * (the catalog's retry remedies come from two) is pulled toward what every action showed, so a
 * handful of situations cannot set a family's confidence to nothing.
 */
export const FAMILY_PRIOR_WEIGHT = 20;

/**
 * Fits the pooled map on every pair and, for each family with at least `minPairs` pairs, a map
 * whose bins are shrunk toward the pooled map by FAMILY_PRIOR_WEIGHT pseudo-pairs (both
 * monotone). Families are listed in name order, so the same pairs print the same map.
 */
export function fitFamilyCalibration(
  pairs: readonly FamilyPair[],
  minPairs: number = MIN_FAMILY_PAIRS,
  bins: number = CALIBRATION_BINS,
  priorWeight = 4,
): FamilyCalibration {
  const pooled = fitCalibrationMap(pairs, bins, priorWeight);
  const families: Record<string, CalibrationMap> = {};
  for (const family of [...new Set(pairs.map((p) => p.family))].sort()) {
    const mine = pairs.filter((p) => p.family === family);
    if (mine.length >= minPairs)
      families[family] = fitCalibrationMap(mine, bins, FAMILY_PRIOR_WEIGHT, (raw) =>
        applyCalibrationMap(pooled, raw),
      );
  }
  const seen = [...new Set(pairs.map((p) => p.family))].sort();
  return { pooled, families, seen };
}

/**
 * A raw confidence through the family's map, or the pooled one when the family has too few pairs
 * for its own or none is named; a family the fit never saw keeps its raw confidence (within
 * 0–0.99).
 */
export function applyFamilyCalibration(
  calibration: FamilyCalibration,
  family: string | undefined,
  raw: number,
): number {
  if (family === undefined) return applyCalibrationMap(calibration.pooled, raw);
  if (calibration.seen && !calibration.seen.includes(family))
    return Math.min(0.99, Math.max(0, raw));
  return applyCalibrationMap(calibration.families[family] ?? calibration.pooled, raw);
}
