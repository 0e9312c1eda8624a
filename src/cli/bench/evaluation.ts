/**
 * Bench figures of the executor and the evaluation: the guardrail check, one full execute in Node
 * without storage, and the full default evaluation's time in one thread and in a pool of
 * worker_threads running the same domain code.
 */
import { availableParallelism } from 'node:os';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
} from '../../contracts';
import { evaluationUnits } from '../../domain/evaluation';
import {
  parseOptions,
  runEvaluation,
  runEvaluationThreaded,
  type EvaluateOptions,
} from '../evaluate';
import { runUnitsInThreads } from '../evaluation-threads';
import { assessDecision } from '../../domain/execution';
import { reason } from '../../domain/reasoning';
import { simulatePair, simulateWindow } from '../../domain/simulation';
import { executeDecision, type ExecutorDeps } from '../../services/executor';
import { median, type BenchFigure, type BenchSection, BENCH_VISA_SCENARIO } from './measure';

const SCENARIO = BENCH_VISA_SCENARIO;

const NOW = 1_700_000_000_000;
const APPROVAL = { approved: true, by: 'bench', at: NOW };

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The decision the engine takes on the bench scenario: a 50 % shift of visa's traffic. */
function benchDecision() {
  const { baseline, current } = simulatePair(SCENARIO, DEFAULT_CONTROL_PLANE, NOW);
  const { decision } = reason({
    currentMetrics: current,
    baselineMetrics: baseline,
    learningContext: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now: NOW,
  });
  return { decision, current };
}

/** Median ms of one guardrail check, timed over batches so the clock's resolution does not show. */
function guardrailMs(): number {
  const { decision } = benchDecision();
  const check = () =>
    assessDecision({
      decision,
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: APPROVAL,
    });
  if (!check().safetyCheck.isApproved)
    throw new Error('the bench decision should pass the guardrails');
  const batch = 200;
  for (let i = 0; i < 2000; i++) check();
  const samples: number[] = [];
  for (let run = 0; run < 31; run++) {
    const start = nowMs();
    for (let i = 0; i < batch; i++) check();
    samples.push((nowMs() - start) / batch);
  }
  return median(samples);
}

/** Median ms of one executeDecision with the domain simulator and no storage. */
async function executeMs(): Promise<number> {
  const { decision, current } = benchDecision();
  const deps: ExecutorDeps = {
    simulateMany: async (requests) =>
      requests.map((r) => simulateWindow(r.scenario, r.controlPlane, r.timestamp)),
    record: async () => undefined,
    now: () => NOW,
    elapsed: nowMs,
  };
  const once = () =>
    executeDecision(
      {
        decision,
        baselineMetrics: current,
        scenario: SCENARIO,
        controlPlane: DEFAULT_CONTROL_PLANE,
        activeActions: [],
        limits: DEFAULT_SAFETY_LIMITS,
        humanApproval: APPROVAL,
      },
      deps,
    );
  if (!(await once()).result.executed) throw new Error('the bench decision should execute');
  for (let i = 0; i < 30; i++) await once();
  const samples: number[] = [];
  for (let run = 0; run < 61; run++) {
    const start = nowMs();
    await once();
    samples.push(nowMs() - start);
  }
  return median(samples);
}

/** The guardrail and full-execute figures of the executor (issue 5's targets). */
export const executionSection: BenchSection = {
  name: 'execution',
  async run(): Promise<BenchFigure[]> {
    return [
      {
        name: 'execution_guardrail_ms',
        value: round(guardrailMs(), 5),
        unit: 'ms',
        note: 'one assessDecision (visa 0.85 shift, approved), median of 31 batches of 200; target < 0.05 ms',
      },
      {
        name: 'execution_execute_ms_6000',
        value: round(await executeMs(), 3),
        unit: 'ms',
        note: 'one executeDecision with the domain simulator, no storage (guardrails, 3 windows of 6,000, judge, canary), median of 61; target < 5 ms',
      },
    ];
  },
};

/** Seconds of one call of `task`. */
async function seconds(task: () => unknown): Promise<number> {
  const start = nowMs();
  await task();
  return (nowMs() - start) / 1000;
}

/**
 * The multi-seed evaluation's figures: the full default run of the command line (training and
 * held-out sets, every policy, K = 20) in one thread and in one worker thread per core, and the
 * pool's speed-up on the same units with 2 threads against 1; medians of two runs each.
 */
export const evaluationSection: BenchSection = {
  name: 'evaluation',
  async run(): Promise<BenchFigure[]> {
    const options = parseOptions([]) as EvaluateOptions;
    const cores = Math.max(1, availableParallelism());
    const single = { ...options, workers: 1 };
    const pooled = { ...options, workers: cores };
    // Warm-up: the domain compiled and optimised before the clock starts.
    runEvaluation({ ...single, seeds: 1, oracleSeeds: 2 });
    const oneThread = median([
      await seconds(() => runEvaluation(single)),
      await seconds(() => runEvaluation(single)),
    ]);
    const threads = median([
      await seconds(() => runEvaluationThreaded(pooled)),
      await seconds(() => runEvaluationThreaded(pooled)),
    ]);
    const units = evaluationUnits({ seeds: 4, situations: options.situations });
    const pool1 = median([
      await seconds(() => runUnitsInThreads(units, 1)),
      await seconds(() => runUnitsInThreads(units, 1)),
    ]);
    const pool2 = median([
      await seconds(() => runUnitsInThreads(units, 2)),
      await seconds(() => runUnitsInThreads(units, 2)),
    ]);
    const cases = evaluationUnits({ seeds: options.seeds, situations: options.situations }).reduce(
      (n, u) => n + u.seeds.length * u.policies.length,
      0,
    );
    return [
      {
        name: 'evaluation_full_default_s_single',
        value: round(oneThread, 2),
        unit: 's',
        note: `npm run evaluate -- --workers 1: ${options.situations.length} situations (training + held out), ${cases} policy cases, oracle K = 20; median of 2; target < 30 s`,
      },
      {
        name: 'evaluation_full_default_s_threads',
        value: round(threads, 2),
        unit: 's',
        note: `npm run evaluate (default: ${cores} worker threads); median of 2; target < 30 s`,
      },
      {
        name: 'evaluation_pool_speedup_2_workers',
        value: round(pool1 / pool2, 2),
        unit: '×',
        note: `the same ${units.length} units (4 seeds) in 2 worker threads against 1 (${round(pool1, 1)} s / ${round(pool2, 1)} s); median of 2; target ≥ 1.6×`,
      },
      {
        name: 'evaluation_pool_workers',
        value: cores,
        unit: 'workers',
        note: 'os.availableParallelism()',
      },
    ];
  },
};
