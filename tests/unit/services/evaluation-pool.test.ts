import { afterEach, describe, expect, it } from 'vitest';
import {
  EvaluationReportSchema,
  type EvaluationCase,
  type LearningCurveOptions,
} from '../../../src/contracts';
import { runCase, runLearningCurve, summarise } from '../../../src/domain/evaluation';
import {
  EvaluationAbortedError,
  runEvaluation,
  type EvaluationProgress,
} from '../../../src/services/evaluation-pool';
import { FakeWorker } from '../support/fake-worker';

interface FakeApi {
  evaluateCases(cases: EvaluationCase[]): unknown;
  learningCurve(
    options: LearningCurveOptions,
    onProgress?: (d: number, t: number) => void,
  ): unknown;
}

/** A simulator worker stand-in running the domain in this thread, recording its calls. */
class PoolWorker extends FakeWorker {
  static created: PoolWorker[] = [];
  calls: string[] = [];

  constructor(hang = false) {
    const calls: string[] = [];
    const api: FakeApi = {
      evaluateCases: (cases) => {
        calls.push(`cases:${cases.length}`);
        return hang ? new Promise(() => undefined) : cases.map(runCase);
      },
      learningCurve: (options, onProgress) => {
        calls.push(`curve:${options.learning}`);
        if (hang) return new Promise(() => undefined);
        return runLearningCurve(options, (done, total) => {
          if (done % 5 === 0) void onProgress?.(done, total);
        });
      },
    };
    super(api);
    this.calls = calls;
    PoolWorker.created.push(this);
  }
}

afterEach(() => {
  PoolWorker.created = [];
});

const SITUATIONS = ['healthy', 'visa-severe', 'decline-surge'];

describe('evaluation pool', () => {
  it('splits cases across workers, reports progress and assembles the report in case order', async () => {
    const progress: EvaluationProgress[] = [];
    const report = await runEvaluation({
      seeds: 3,
      cycles: 10,
      situations: SITUATIONS,
      workers: 3,
      chunkSize: 2,
      createWorker: () => new PoolWorker(),
      onProgress: (p) => progress.push(p),
    });
    EvaluationReportSchema.parse(report);
    const expected = SITUATIONS.flatMap((situationId) =>
      [1, 2, 3].map((seed) => runCase({ situationId, seed })),
    );
    expect(report.results).toEqual(expected);
    expect(report.summary).toEqual(summarise(expected));
    expect(report.learning.on).toEqual(runLearningCurve({ cycles: 10, seed: 1, learning: true }));
    expect(report.learning.off.learning).toBe(false);

    // Three workers, each terminated at the end; both curve arms ran, in different workers.
    expect(PoolWorker.created).toHaveLength(3);
    expect(PoolWorker.created.every((w) => w.terminated)).toBe(true);
    const curveWorkers = PoolWorker.created.filter((w) =>
      w.calls.some((c) => c.startsWith('curve')),
    );
    expect(curveWorkers).toHaveLength(2);
    expect(
      PoolWorker.created.flatMap((w) => w.calls).filter((c) => c.startsWith('cases')),
    ).toHaveLength(5);

    const total = 9 + 2 * 10;
    expect(progress[0]).toMatchObject({ done: 0, total });
    expect(progress.at(-1)).toMatchObject({ done: total, total, casesDone: 9, cyclesDone: 20 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    // Curve progress arrives during the run, not only at its end.
    expect(progress.some((p) => p.cyclesDone === 5 || p.cyclesDone === 15)).toBe(true);
  });

  it('runs everything in one worker when asked, without a learning curve when cycles is 0', async () => {
    const report = await runEvaluation({
      seeds: 1,
      cycles: 0,
      situations: SITUATIONS,
      workers: 1,
      createWorker: () => new PoolWorker(),
    });
    expect(report.results.map((r) => r.situationId)).toEqual(SITUATIONS);
    expect(report.learning.reduction).toBeNull();
    expect(PoolWorker.created).toHaveLength(1);
  });

  it('cancels: terminates every worker and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const run = runEvaluation({
      seeds: 2,
      cycles: 5,
      situations: SITUATIONS,
      workers: 2,
      createWorker: () => new PoolWorker(true),
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluationAbortedError);
    expect((error as Error).name).toBe('AbortError');
    expect((error as Error).message).toBe('The evaluation was cancelled.');
    expect(PoolWorker.created.length).toBeGreaterThan(0);
    expect(PoolWorker.created.every((w) => w.terminated)).toBe(true);
  });

  it('refuses to start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runEvaluation({
        seeds: 1,
        cycles: 0,
        signal: controller.signal,
        createWorker: () => new PoolWorker(),
      }),
    ).rejects.toThrow(EvaluationAbortedError);
    expect(PoolWorker.created).toHaveLength(0);
  });
});
