import { afterEach, describe, expect, it } from 'vitest';
import {
  EvaluationReportSchema,
  type EvaluationUnit,
  type LearningCurveOptions,
  type PolicyId,
} from '../../../src/contracts';
import {
  buildReport,
  defaultSituations,
  evaluationUnits,
  runLearningCurve,
  runUnit,
} from '../../../src/domain/evaluation';
import { scoreIncidents } from '../../../src/domain/evaluation/incident-stages';
import { STAGED_POLICIES } from '../../../src/domain/evaluation/incident-stages-policies';
import { scoreStagedRequest } from '../../../src/domain/evaluation/incident-stages-request';
import {
  fileExperienced,
  trainingExperience,
  withTrainingExperience,
} from '../../../src/domain/evaluation/training-experience';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import {
  EvaluationAbortedError,
  runEvaluation,
  type EvaluationProgress,
} from '../../../src/services/evaluation-pool';
import { FakeWorker } from '../support/fake-worker';

interface FakeApi {
  evaluateUnits(units: EvaluationUnit[]): unknown;
  scoreScript(request: unknown): unknown;
  learningCurve(
    options: LearningCurveOptions,
    onProgress?: (d: number, t: number) => void,
  ): unknown;
  trainingExperience(
    options: { cycles: number; seed: number },
    onProgress?: (d: number, t: number) => void,
  ): unknown;
}

/** An evaluation worker stand-in running the domain in this thread, recording its calls. */
class PoolWorker extends FakeWorker {
  static created: PoolWorker[] = [];
  calls: string[] = [];

  constructor(hang = false) {
    const calls: string[] = [];
    const api: FakeApi = {
      evaluateUnits: (units) => {
        calls.push(`units:${units.length}`);
        return hang ? new Promise(() => undefined) : units.flatMap((u) => runUnit(u));
      },
      scoreScript: (request) => {
        calls.push(`stages:${(request as { scriptId: string }).scriptId}`);
        return hang ? new Promise(() => undefined) : scoreStagedRequest(request);
      },
      learningCurve: (options, onProgress) => {
        calls.push(`curve:${options.learning}`);
        if (hang) return new Promise(() => undefined);
        return runLearningCurve(options, (done, total) => {
          if (done % 5 === 0) void onProgress?.(done, total);
        });
      },
      trainingExperience: (options, onProgress) => {
        calls.push(`experience:${options.cycles}`);
        if (hang) return new Promise(() => undefined);
        return trainingExperience(options.cycles, options.seed, (done, total) => {
          if (done % 2 === 0) void onProgress?.(done, total);
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

const SITUATIONS = ['healthy', 'visa-severe', 'ho-low-volume-visa'];
const POLICIES: PolicyId[] = ['agent', 'do_nothing'];
const SMALL = { oracleSeeds: 2, policies: POLICIES };

describe('evaluation pool', () => {
  it('splits situations across workers, reports progress and builds the command line’s report', async () => {
    const progress: EvaluationProgress[] = [];
    const report = await runEvaluation({
      seeds: 3,
      cycles: 10,
      situations: SITUATIONS,
      workers: 3,
      ...SMALL,
      createWorker: () => new PoolWorker(),
      onProgress: (p) => progress.push(p),
    });
    EvaluationReportSchema.parse(report);
    const situations = defaultSituations().filter((s) => SITUATIONS.includes(s.id));
    const units = evaluationUnits({ seeds: 3, situations, ...SMALL });
    const expected = buildReport({
      results: units.flatMap((u) => runUnit(u)),
      seeds: 3,
      oracleSeeds: 2,
      cycles: 10,
      learning: report.learning,
      situations,
    });
    expect(report).toEqual(expected);
    expect(report.leaderboard!.map((r) => `${r.policy}:${r.set}`)).toEqual([
      'agent:training',
      'do_nothing:training',
      'agent:held_out',
      'do_nothing:held_out',
    ]);
    expect(report.learning.on).toEqual(runLearningCurve({ cycles: 10, seed: 1, learning: true }));
    expect(report.learning.off.learning).toBe(false);

    // Three workers, each terminated at the end; both curve arms ran, in different workers.
    expect(PoolWorker.created).toHaveLength(3);
    expect(PoolWorker.created.every((w) => w.terminated)).toBe(true);
    const curveWorkers = PoolWorker.created.filter((w) =>
      w.calls.some((c) => c.startsWith('curve')),
    );
    expect(curveWorkers).toHaveLength(2);
    // One call per situation: its oracle is computed once for all its cases.
    expect(PoolWorker.created.flatMap((w) => w.calls).filter((c) => c.startsWith('units'))).toEqual(
      ['units:1', 'units:1', 'units:1'],
    );

    const cases = 3 * 3 * 2;
    const total = cases + 2 * 10;
    expect(progress[0]).toMatchObject({ done: 0, total });
    expect(progress.at(-1)).toMatchObject({ done: total, total, casesDone: cases, cyclesDone: 20 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    // Curve progress arrives during the run, not only at its end.
    expect(progress.some((p) => p.cyclesDone === 5 || p.cyclesDone === 15)).toBe(true);
  });

  it('scores the staged incident scripts in the same pool, equal to the sequential table', async () => {
    const scripts = ['slow_burn', 'flapping_route', 'backup_fails_after_failover'];
    const progress: EvaluationProgress[] = [];
    const report = await runEvaluation({
      seeds: 1,
      cycles: 0,
      situations: SITUATIONS,
      workers: 2,
      ...SMALL,
      incidents: { scriptIds: scripts, policies: POLICIES, seed: 2 },
      createWorker: () => new PoolWorker(),
      onProgress: (p) => progress.push(p),
    });
    const sequential = scoreIncidents({
      scripts: scripts.map((id) => presetScript(id)!),
      policies: STAGED_POLICIES.filter((p) => POLICIES.includes(p.id)),
      seed: 2,
    });
    expect(report.incidents).toEqual(sequential);
    // Both workers took part, and each script was one call to one of them.
    const calls = PoolWorker.created.map((w) => w.calls);
    expect(calls.every((c) => c.length > 0)).toBe(true);
    expect(
      calls
        .flat()
        .filter((c) => c.startsWith('stages'))
        .sort(),
    ).toEqual(scripts.map((id) => `stages:${id}`).sort());
    // A script weighs as much as a situation's cases: here two (one seed × two policies).
    const cases = 3 * 1 * 2;
    expect(progress.at(-1)).toMatchObject({
      done: cases + 3 * 2,
      total: cases + 3 * 2,
      scriptsDone: 3,
      scripts: 3,
    });
  });

  it('learns the training experience once and scores the held-out agent again with it, as the command line does', async () => {
    const progress: EvaluationProgress[] = [];
    const report = await runEvaluation({
      seeds: 2,
      cycles: 0,
      experience: 6,
      situations: SITUATIONS,
      workers: 2,
      ...SMALL,
      createWorker: () => new PoolWorker(),
      onProgress: (p) => progress.push(p),
    });
    EvaluationReportSchema.parse(report);
    const situations = defaultSituations().filter((s) => SITUATIONS.includes(s.id));
    const units = withTrainingExperience(
      evaluationUnits({ seeds: 2, situations, ...SMALL }),
      trainingExperience(6, 1),
    );
    const expected = fileExperienced(
      { cycles: 6, seed: 1 },
      units.flatMap((u) => runUnit(u)),
      (fresh) =>
        buildReport({
          results: fresh,
          seeds: 2,
          oracleSeeds: 2,
          cycles: 0,
          learning: report.learning,
          situations,
        }),
    );
    expect(report).toEqual(expected);
    // Only the held-out situation's agent is scored again: once per seed.
    expect(report.experienced!.results.map((r) => `${r.situationId}:${r.seed}`)).toEqual([
      'ho-low-volume-visa:1',
      'ho-low-volume-visa:2',
    ]);
    expect(PoolWorker.created.flatMap((w) => w.calls).filter((c) => c.startsWith('exp'))).toEqual([
      'experience:6',
    ]);
    const total = 3 * 2 * 2 + 2 + 6;
    expect(progress[0]).toMatchObject({ done: 0, total, experience: 6 });
    expect(progress.at(-1)).toMatchObject({ done: total, experienceDone: 6 });
    expect(progress.some((p) => p.experienceDone === 2 || p.experienceDone === 4)).toBe(true);
  });

  it('learns nothing for a run without held-out agent cases', async () => {
    const report = await runEvaluation({
      seeds: 1,
      cycles: 0,
      experience: 6,
      situations: ['healthy'],
      workers: 1,
      ...SMALL,
      createWorker: () => new PoolWorker(),
    });
    expect(report.experienced).toEqual({ cycles: 6, seed: 1, results: [] });
    expect(PoolWorker.created[0]!.calls.some((c) => c.startsWith('experience'))).toBe(false);
  });

  it('runs everything in one worker when asked, without a learning curve when cycles is 0', async () => {
    const report = await runEvaluation({
      seeds: 1,
      cycles: 0,
      situations: SITUATIONS,
      workers: 1,
      ...SMALL,
      createWorker: () => new PoolWorker(),
    });
    expect(report.results.map((r) => `${r.situationId}:${r.policy}`)).toEqual(
      SITUATIONS.flatMap((id) => POLICIES.map((p) => `${id}:${p}`)),
    );
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
