import { spawnSync } from 'node:child_process';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  INITIAL_WORLD_STATE,
  type Scenario,
} from '../../contracts';
import { Random } from '../../domain/random';
import {
  LATENCY_BUCKETS,
  WORLD_MODEL,
  simulatePair,
  simulateWindow,
  solveLoads,
  stepWindow,
  stepWindows,
  windowSeed,
  type LoadSolution,
} from '../../domain/simulation';
import { retryCaps } from '../../domain/simulation/load-model';
import { SLOT_STREAM, retryKey, sequenceShifts } from '../../domain/simulation/paired-draws';
import { sampleWindow } from '../../domain/simulation/sampler';
import {
  collectGarbage,
  median,
  medianSeconds,
  type BenchFigure,
  type BenchSection,
} from './measure';

/** The seeds' example world: every issuer's primary route at 85 % health. */
function degraded(events: number): Scenario {
  return {
    ...HEALTHY_SCENARIO,
    id: 'bench-degradation-0.85',
    issuerHealth: { visa: 0.85, mastercard: 0.85, amex: 0.85, discover: 0.85 },
    trafficVolume: events,
  };
}

/** Events per second of a window of `events` payments that took `seconds`. */
function throughput(name: string, events: number, seconds: number, note: string): BenchFigure {
  return { name, value: Math.round(events / seconds), unit: 'events/s', note };
}

/** The median CPU seconds (user + system) of `runs` calls after `warmup`: immune to waiting. */
function medianCpuSeconds(task: () => unknown, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) task();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    task();
    const used = process.cpuUsage(start);
    seconds.push((used.user + used.system) / 1e6);
  }
  return median(seconds);
}

/**
 * Heap growth while a 10M-event window runs: heap used right after the window (before any
 * collection) minus heap used before it, after a full collection when --expose-gc allows one.
 */
function heapGrowth(): BenchFigure {
  const scenario = degraded(10_000_000);
  const collected = collectGarbage();
  const before = process.memoryUsage().heapUsed;
  simulateWindow(scenario, DEFAULT_CONTROL_PLANE, 0);
  const after = process.memoryUsage().heapUsed;
  return {
    name: 'simulator_heap_growth_10m_mb',
    value: Math.round(((after - before) / 2 ** 20) * 100) / 100,
    unit: 'MB',
    note: collected ? 'one 10M-event window, after gc' : 'one 10M-event window (no --expose-gc)',
  };
}

/** A 60-window incident: a processor outage at window 10 whose retry storm a cap ends at 40. */
function sixtyWindowScript() {
  const stormy = { ...degraded(6000), issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth } };
  const capped = {
    ...DEFAULT_CONTROL_PLANE,
    retryPolicy: { maxRetries: 1, multiplier: 2, backoff: false },
  };
  return Array.from({ length: 60 }, (_, t) => ({
    scenario: {
      ...stormy,
      retryAggressiveness: 1,
      clientBackoff: false,
      processorHealth: t >= 10 && t < 20 ? 0.6 : 1,
      seed: windowSeed(42, t),
    },
    controlPlane: t >= 40 ? capped : DEFAULT_CONTROL_PLANE,
    timestamp: t * 60_000,
  }));
}

/** The sampler's inputs for `payments` slots under a settled window, as the NumPy script reads them. */
function numpyInput(solution: LoadSolution, payments: number, timeoutMs: number, seed: number) {
  const c = solution.conditions;
  const thresholds: number[] = [];
  for (let retry = 0; retry < 2; retry++) {
    for (let path = 0; path < 8; path++) {
      const shed = retry === 0 ? c.shedFirst[path] : c.shedRetry[path];
      const queued = retry === 0 ? c.queueTimeoutFirst[path] : c.queueTimeoutRetry[path];
      const transient = retry === 0 ? c.transientFirst[path] : c.transientRetry[path];
      const overloaded = shed + (1 - shed) * queued;
      thresholds.push(
        shed,
        overloaded,
        overloaded + (1 - overloaded) * transient * 0.5,
        overloaded + (1 - overloaded) * transient,
      );
    }
  }
  return {
    payments,
    runs: 5,
    timeoutMs,
    buckets: LATENCY_BUCKETS,
    issuerShares: WORLD_MODEL.issuerShares,
    declineRate: Array.from(solution.declineRate),
    insufficientFundsShare: WORLD_MODEL.insufficientFundsShare,
    primaryWeight: Array.from(solution.primaryWeight),
    stuck: Array.from(c.stuck),
    tailShare: Array.from(c.tailShare),
    logMedianBody: Array.from(c.logMedianBody),
    logMedianTail: Array.from(c.logMedianTail),
    latencySigma: WORLD_MODEL.latencySigma,
    tailSigma: WORLD_MODEL.tailSigma,
    stuckTimeoutShare: WORLD_MODEL.degradation.stuckTimeoutShare,
    thresholds,
    maxRetries: solution.retry.maxRetries,
    multiplier: solution.retry.multiplier,
    caps: retryCaps(solution.retry),
    shifts: Array.from(sequenceShifts(seed, 4), (s) => s >>> 0),
  };
}

/** The first Python on the machine that imports NumPy: PATH's python3, then Debian's. */
function pythonWithNumpy(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

/** The NumPy sampler's figures and the ratio to ours, or a plain note that NumPy is missing. */
function numpyComparison(
  solution: LoadSolution,
  payments: number,
  oursPerSecond: number,
  oursSuccess: number,
): BenchFigure[] {
  const python = pythonWithNumpy();
  if (python === null) {
    process.stderr.write(
      'numpy comparison skipped: no python3 with numpy (Debian: apt-get install -y python3-numpy)\n',
    );
    return [];
  }
  const result = spawnSync(python, ['scripts/bench/numpy-sampler.py'], {
    input: JSON.stringify(numpyInput(solution, payments, DEFAULT_CONTROL_PLANE.timeoutMs, 42)),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) {
    process.stderr.write(`numpy comparison failed: ${result.stderr}\n`);
    return [];
  }
  const answer = JSON.parse(result.stdout) as {
    numpy: string;
    events_per_second: number;
    success_rate: number;
  };
  return [
    {
      name: 'simulator_numpy_events_per_second_1000000',
      value: Math.round(answer.events_per_second),
      unit: 'events/s',
      note: `NumPy ${answer.numpy}, same sampling vectorised (success ${answer.success_rate.toFixed(4)} against our ${oursSuccess.toFixed(4)}), median of 5`,
    },
    {
      name: 'simulator_vs_numpy_ratio',
      value: Math.round((oursPerSecond / answer.events_per_second) * 100) / 100,
      unit: '×',
      note: 'our sampler over the NumPy one, same 1M slots and conditions, wall clock',
    },
  ];
}

/** The simulator's figures: throughput, one window's, one pair's and one script's time, heap. */
export const simulatorSection: BenchSection = {
  name: 'simulator',
  run() {
    const smallRuns = 301;
    const largeRuns = 9;
    const small = degraded(6000);
    const large = degraded(1_000_000);
    // Generous warm-up: the figures describe the optimised steady state, as in the worker.
    const windowSeconds = medianSeconds(
      () => simulateWindow(small, DEFAULT_CONTROL_PLANE, 0),
      smallRuns,
      300,
    );
    const pairSeconds = medianSeconds(
      () => simulatePair(small, DEFAULT_CONTROL_PLANE, 0),
      smallRuns,
      100,
    );
    // A 1M-payment window is a 167× surge on routes sized for 6,000: the stepped window of it,
    // carried state and all, is a retry storm of about three attempts per payment.
    const carried = stepWindow({
      scenario: large,
      controlPlane: DEFAULT_CONTROL_PLANE,
      state: INITIAL_WORLD_STATE,
      timestamp: 0,
    }).state;
    const step = () =>
      stepWindow({
        scenario: large,
        controlPlane: DEFAULT_CONTROL_PLANE,
        state: carried,
        timestamp: 0,
      });
    const stepSeconds = medianSeconds(step, largeRuns, 2);
    const stepAttempts = step().snapshot.totalAttempts ?? 0;
    // The paired sampler alone on 1M slots under the default 6,000-payment window's conditions.
    const settled = solveLoads(small, DEFAULT_CONTROL_PLANE);
    const sample = () =>
      sampleWindow(
        settled,
        DEFAULT_CONTROL_PLANE.timeoutMs,
        1_000_000,
        { random: new Random(42, SLOT_STREAM), seed: 42, retryKey: retryKey(42) },
        LATENCY_BUCKETS,
      );
    const sampleSeconds = medianSeconds(sample, largeRuns, 3);
    const sampleCpuSeconds = medianCpuSeconds(sample, largeRuns, 1);
    const sampled = sample();
    const approved = sampled.issuerApproved.reduce((a, b) => a + b, 0);
    const script = sixtyWindowScript();
    const runScript = () => stepWindows(INITIAL_WORLD_STATE, script);
    const scriptSeconds = medianSeconds(runScript, 21, 5);
    const scriptCpuSeconds = medianCpuSeconds(runScript, 21, 1);
    return [
      throughput(
        'simulator_events_per_second_6000',
        6000,
        windowSeconds,
        `window of 6,000 events, median of ${smallRuns} runs`,
      ),
      throughput(
        'simulator_events_per_second_1000000',
        1_000_000,
        sampleSeconds,
        `paired sampler, 1M slots at the default window's settled load, median of ${largeRuns}`,
      ),
      throughput(
        'simulator_cpu_events_per_second_1000000',
        1_000_000,
        sampleCpuSeconds,
        'the same per CPU second of this process (less sensitive to a busy machine)',
      ),
      throughput(
        'simulator_step_events_per_second_1000000',
        1_000_000,
        stepSeconds,
        `stepped 1M-payment window with carried state: a surge storm, ${(stepAttempts / 1e6).toFixed(2)} attempts per payment, median of ${largeRuns}`,
      ),
      {
        name: 'simulator_window_6000_ms',
        value: Math.round(windowSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: `one 6,000-event window, median of ${smallRuns} runs`,
      },
      {
        name: 'simulator_pair_6000_ms',
        value: Math.round(pairSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: `one 6,000-event baseline + current pair, median of ${smallRuns} runs`,
      },
      {
        name: 'simulator_script_60x6000_ms',
        value: Math.round(scriptSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: '60 stepped 6,000-payment windows (outage, storm, retry cap), median of 21 runs',
      },
      {
        name: 'simulator_script_60x6000_cpu_ms',
        value: Math.round(scriptCpuSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: 'the same script in CPU time of this process',
      },
      ...numpyComparison(settled, 1_000_000, 1_000_000 / sampleSeconds, approved / 1_000_000),
      heapGrowth(),
    ];
  },
};
