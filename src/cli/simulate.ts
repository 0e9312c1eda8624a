/**
 * Headless simulator, the successor of the seeds' export_metrics.py:
 *
 *   npm run simulate -- --baseline --current [--degradation 0.85] [--issuer visa]
 *                       [--events 6000] [--seed 42] [--out DIR]
 *   npm run simulate -- --bench [--events 1000000]
 *   npm run simulate -- --script FILE|ID [--seed S] [--start MS] [--json]
 *   npm run simulate -- --batch FILE|- [--start MS]
 *   npm run simulate -- --baseline --current --prometheus
 *
 * Writes baseline_metrics.json and current_metrics.json (contract JSON) and prints a summary,
 * with --bench prints one JSON line of throughput, with --script prints one MetricsSnapshot per
 * window of an incident script, with --batch one per input line. Bad flags or input exit 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ISSUER_IDS,
  MetricsSnapshotSchema,
  parseContract,
  type IssuerId,
  type MetricsSnapshot,
  type Scenario,
} from '../contracts';
import { mitigationDebt, renderPrometheus, type ExposedWindow } from '../domain/exposition';
import { formatPercent } from '../domain/percent';
import { healthyScenario, simulateWindow } from '../domain/simulation';
import { UsageError, integerFlag, issuerFlag, numberFlag, parseFlags, runCommand } from './args';
import { median } from './bench/measure';
import { PRESET_SCRIPTS } from '../domain/scenarios/preset-scripts';
import { runScriptFlags } from './simulate-run';

const USAGE = `Usage: npm run simulate -- [options]

  --baseline           write baseline_metrics.json (the healthy world)
  --current            write current_metrics.json (the degraded world)
                       (neither flag: both files)
  --degradation F      health of the primary route, 0–1 (0.85 = 85 % of normal; default 1)
  --issuer ID          degrade only this issuer (${ISSUER_IDS.join(', ')}); default every issuer
  --events N           payments per window, 1–100000000 (default 6000; 1000000 with --bench)
  --seed S             random seed, 0–4294967295 (default 42)
  --out DIR            output directory (default ./out)
  --bench              time one window instead and print {"events","seconds","eventsPerSecond"}
  --script FILE|ID     run an incident script (a JSON file, or a preset: ${PRESET_SCRIPTS.map((s) => s.id).join(', ')})
                       and print one MetricsSnapshot per window; --seed seeds the run
  --batch FILE|-       read JSON lines {"scenario","controlPlane","seed"?} (- for standard input)
                       and print one MetricsSnapshot JSON line per input line, in order
  --json               with --script: JSON lines instead of a table
  --start MS           with --script or --batch: timestamp of the first window (default 0)
  --prometheus         print the windows as Prometheus text instead of writing files
  --help               show this message`;

/** What the command line asked for, checked. */
export interface SimulateOptions {
  baseline: boolean;
  current: boolean;
  degradation: number;
  issuer: IssuerId | null;
  events: number;
  seed: number;
  out: string;
  bench: boolean;
  /** --script's file or preset id, or null. */
  script: string | null;
  /** --batch's file (- for standard input), or null. */
  batch: string | null;
  json: boolean;
  /** The seed given on the command line, if any (a script seeds from its base otherwise). */
  seedGiven: number | undefined;
  start: number;
  prometheus: boolean;
}

/** Flags that belong to the baseline/current and bench modes, refused with --script/--batch. */
const WINDOW_FLAGS = [
  'baseline',
  'current',
  'degradation',
  'issuer',
  'events',
  'out',
  'bench',
  'prometheus',
];

/** Parses and checks the command line; throws UsageError on anything it does not understand. */
export function parseOptions(args: string[]): SimulateOptions | 'help' {
  const values = parseFlags(args, {
    baseline: { type: 'boolean' },
    current: { type: 'boolean' },
    degradation: { type: 'string' },
    issuer: { type: 'string' },
    events: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    bench: { type: 'boolean' },
    script: { type: 'string' },
    batch: { type: 'string' },
    json: { type: 'boolean' },
    start: { type: 'string' },
    prometheus: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  checkModes(values);
  const bench = values.bench ?? false;
  const issuer = issuerFlag(values.issuer);
  const wantsBoth = !values.baseline && !values.current;
  return {
    baseline: values.baseline ?? wantsBoth,
    current: values.current ?? wantsBoth,
    degradation: numberFlag(
      'degradation',
      values.degradation,
      1,
      (n) => n >= 0 && n <= 1,
      'a number from 0 to 1',
    ),
    issuer,
    events: integerFlag('events', values.events, bench ? 1_000_000 : 6000, 1, 100_000_000),
    seed: integerFlag('seed', values.seed, 42, 0, 0xffff_ffff),
    out: values.out ?? 'out',
    bench,
    script: values.script ?? null,
    batch: values.batch ?? null,
    json: values.json ?? false,
    seedGiven:
      values.seed === undefined ? undefined : integerFlag('seed', values.seed, 0, 0, 0xffff_ffff),
    start: integerFlag('start', values.start, 0, 0, Number.MAX_SAFE_INTEGER),
    prometheus: values.prometheus ?? false,
  };
}

/** Refuses flags that mean nothing together, so a mistyped command never runs half of itself. */
function checkModes(values: Record<string, unknown>): void {
  const mode = values.script !== undefined ? 'script' : values.batch !== undefined ? 'batch' : null;
  if (values.script !== undefined && values.batch !== undefined) {
    throw new UsageError('--script and --batch cannot be used together');
  }
  if (mode === null) {
    for (const flag of ['json', 'start']) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --script or --batch`);
    }
    return;
  }
  for (const flag of [...WINDOW_FLAGS, ...(mode === 'batch' ? ['seed', 'json'] : [])]) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be used with --${mode}`);
  }
}

/** The scenario the options describe: primary health `degradation` for one or every issuer. */
export function currentScenario(options: SimulateOptions): Scenario {
  const issuerHealth = { ...HEALTHY_SCENARIO.issuerHealth };
  for (const id of ISSUER_IDS) {
    if (options.issuer === null || options.issuer === id) issuerHealth[id] = options.degradation;
  }
  const label = options.issuer === null ? 'all' : options.issuer;
  return {
    ...HEALTHY_SCENARIO,
    id: options.degradation === 1 ? 'healthy' : `degradation-${options.degradation}-${label}`,
    issuerHealth,
    trafficVolume: options.events,
    seed: options.seed,
  };
}

function writeSnapshot(dir: string, name: string, snapshot: MetricsSnapshot): string {
  // Parse before writing: a file that leaves this tool always matches the contract.
  const checked = parseContract(MetricsSnapshotSchema, snapshot, name);
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(checked, null, 2)}\n`);
  return path;
}

/** Times simulateWindow for the options' scenario: the median of several runs after warm-up. */
export function benchmark(options: SimulateOptions): {
  events: number;
  seconds: number;
  eventsPerSecond: number;
} {
  const scenario = currentScenario(options);
  const runs = options.events >= 10_000_000 ? 3 : 7;
  // Warm up on about two million events so the figure is the optimised steady state.
  const warmup = Math.min(300, Math.max(2, Math.ceil(2_000_000 / options.events)));
  for (let i = 0; i < warmup; i++) simulateWindow(scenario, DEFAULT_CONTROL_PLANE, 0);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    simulateWindow(scenario, DEFAULT_CONTROL_PLANE, 0);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const s = median(seconds);
  return { events: options.events, seconds: s, eventsPerSecond: Math.round(options.events / s) };
}

/**
 * The requested windows in the Prometheus text format, with the agent's figures for the default
 * control plane the windows were simulated with (no action in force, no decision taken).
 */
export function prometheusText(options: SimulateOptions, timestamp: number): string {
  const current = currentScenario(options);
  const windows: ExposedWindow[] = [];
  if (options.baseline) {
    const snapshot = simulateWindow(healthyScenario(current), DEFAULT_CONTROL_PLANE, timestamp);
    windows.push({ window: 'baseline', snapshot });
  }
  if (options.current) {
    windows.push({
      window: 'current',
      snapshot: simulateWindow(current, DEFAULT_CONTROL_PLANE, timestamp),
    });
  }
  const live = windows.at(-1)?.snapshot ?? null;
  return renderPrometheus({
    windows,
    agent: {
      activeActions: 0,
      mitigationDebt: mitigationDebt(DEFAULT_CONTROL_PLANE, live).debt,
      decisionConfidence: null,
    },
  });
}

/** Runs the command line; returns the exit code. */
export function main(args: string[]): number {
  return runCommand(
    'simulate',
    USAGE,
    args,
    (a) => parseOptions(a),
    (options) => {
      if (options.script !== null || options.batch !== null) return runScriptFlags(options);
      if (options.bench) {
        process.stdout.write(`${JSON.stringify(benchmark(options))}\n`);
        return 0;
      }
      if (options.prometheus) {
        process.stdout.write(prometheusText(options, Date.now()));
        return 0;
      }
      const current = currentScenario(options);
      const timestamp = Date.now();
      const dir = resolve(options.out);
      mkdirSync(dir, { recursive: true });
      const written: string[] = [];
      if (options.baseline) {
        process.stdout.write('Generating baseline metrics (healthy system)...\n');
        const snapshot = simulateWindow(healthyScenario(current), DEFAULT_CONTROL_PLANE, timestamp);
        process.stdout.write(`  OK Generated ${snapshot.totalTransactions} events\n`);
        process.stdout.write(
          `    Success Rate: ${formatPercent(snapshot.successRate, { digits: 2 })}\n\n`,
        );
        written.push(
          `OK Exported baseline: ${writeSnapshot(dir, 'baseline_metrics.json', snapshot)}`,
        );
      }
      if (options.current) {
        const target = options.issuer === null ? 'every issuer' : options.issuer;
        process.stdout.write(
          `Generating current metrics (degradation_factor=${options.degradation}, ${target})...\n`,
        );
        const snapshot = simulateWindow(current, DEFAULT_CONTROL_PLANE, timestamp);
        process.stdout.write(`  OK Generated ${snapshot.totalTransactions} events\n`);
        process.stdout.write(
          `    Success Rate: ${formatPercent(snapshot.successRate, { digits: 2 })}\n\n`,
        );
        written.push(
          `OK Exported current: ${writeSnapshot(dir, 'current_metrics.json', snapshot)}`,
        );
      }
      process.stdout.write(`${written.join('\n')}\n`);
      return 0;
    },
  );
}

process.exitCode = main(process.argv.slice(2));
