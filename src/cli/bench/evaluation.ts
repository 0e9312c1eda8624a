/**
 * Bench figures of the executor and the evaluation: the guardrail check, one full execute in Node
 * without storage, and evaluation throughput in situations per second, single-threaded and in a
 * pool of worker_threads (one per core) running the same domain code.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
  type EvaluationCase,
} from '../../contracts';
import { evaluationCases, runCase } from '../../domain/evaluation';
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

/** Situations per second scoring `cases` in this thread. */
function singleThreaded(cases: readonly EvaluationCase[]): number {
  for (const c of cases.slice(0, 30)) runCase(c);
  const start = nowMs();
  for (const c of cases) runCase(c);
  return cases.length / ((nowMs() - start) / 1000);
}

function ask(worker: Worker, cases: readonly EvaluationCase[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (results: unknown[]) => {
      worker.off('error', onError);
      resolve(results);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(cases);
  });
}

/**
 * Worker code that loads a TypeScript entry: Node does not pass tsx's loader on to a worker's
 * entry, so the worker registers tsx itself (the same tsx this process runs under) first.
 */
function bootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** Situations per second scoring `cases` in a pool of worker_threads pulling chunks. */
async function pooled(cases: readonly EvaluationCase[], size: number): Promise<number> {
  const workers = Array.from(
    { length: size },
    () => new Worker(bootstrap(new URL('./evaluation-worker.ts', import.meta.url)), { eval: true }),
  );
  try {
    // Warm-up: every worker compiles and optimises the domain before the clock starts.
    await Promise.all(workers.map((w) => ask(w, cases.slice(0, 30))));
    const chunk = 5;
    const queue: EvaluationCase[][] = [];
    for (let i = 0; i < cases.length; i += chunk) queue.push(cases.slice(i, i + chunk));
    let scored = 0;
    const start = nowMs();
    await Promise.all(
      workers.map(async (w) => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          // Awaited first: `scored += await …` would read `scored` before the other workers add.
          const answered = (await ask(w, next)).length;
          scored += answered;
        }
      }),
    );
    const seconds = (nowMs() - start) / 1000;
    if (scored !== cases.length) throw new Error(`the pool scored ${scored} of ${cases.length}`);
    return scored / seconds;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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

/** Evaluation throughput: situations scored per second, in one thread and in a pool. */
export const evaluationSection: BenchSection = {
  name: 'evaluation',
  async run(): Promise<BenchFigure[]> {
    const cases = evaluationCases({ seeds: 8 });
    const size = Math.max(1, availableParallelism());
    const single = singleThreaded(cases);
    const pool = await pooled(evaluationCases({ seeds: 16 }), size);
    return [
      {
        name: 'evaluation_situations_per_s_single',
        value: Math.round(single),
        unit: 'situations/s',
        note: `runCase (reason + guardrails + oracle over ~20 simulated candidates) on ${cases.length} cases in one thread`,
      },
      {
        name: 'evaluation_situations_per_s_pool',
        value: Math.round(pool),
        unit: 'situations/s',
        note: `the same on 240 cases in ${size} worker_threads (one per core), chunks of 5`,
      },
      {
        name: 'evaluation_pool_workers',
        value: size,
        unit: 'workers',
        note: 'os.availableParallelism()',
      },
    ];
  },
};
