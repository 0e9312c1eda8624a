/** Measuring helpers shared by the bench sections and the simulate CLI's --bench. */
import { HEALTHY_SCENARIO, type Scenario } from '../../contracts';

/** One figure of a bench run, e.g. events per second of a 1M-event window. */
export interface BenchFigure {
  /** Stable key, lower_snake_case, used in the final JSON line. */
  name: string;
  value: number;
  unit: string;
  /** How it was measured, e.g. "median of 7 runs". */
  note?: string;
}

/** A named group of figures; every part of the lab can add its own to src/cli/bench.ts. */
export interface BenchSection {
  name: string;
  run(): BenchFigure[] | Promise<BenchFigure[]>;
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds taken by `task`, measured with the monotonic high-resolution clock. */
export function timeOnce(task: () => unknown): number {
  const start = process.hrtime.bigint();
  task();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The median seconds of `runs` timed calls after `warmup` untimed ones. */
export function medianSeconds(task: () => unknown, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) task();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) seconds.push(timeOnce(task));
  return median(seconds);
}

/** Collects garbage when Node runs with --expose-gc; reports whether it could. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  gc();
  return true;
}

/** The seeds' example fault on 6,000 events, Visa's primary route at 85 % health: the bench's world. */
export const BENCH_VISA_SCENARIO: Scenario = {
  ...HEALTHY_SCENARIO,
  id: 'bench-visa-0.85',
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.85 },
  trafficVolume: 6000,
};
