import { describe, expect, it } from 'vitest';
import { scoreStagedRequest } from '../../../src/domain/evaluation/incident-stages-request';
import { runIncidentStages } from '../../../src/services/incident-stages-client';
import { FakeWorker } from '../support/fake-worker';

/** The staged worker's API running the domain in this thread. */
function stagedWorker(answer: (request: unknown) => unknown = scoreStagedRequest) {
  return () => new FakeWorker({ scoreScript: answer });
}

describe('the staged incident client', () => {
  it('scores one script per call and reports progress after each', async () => {
    const progress: string[] = [];
    const rows = await runIncidentStages({
      scriptIds: ['flapping_route', 'slow_burn'],
      policies: ['do_nothing'],
      seed: 4,
      createWorker: stagedWorker(),
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(rows.map((r) => `${r.scriptId}:${r.policy}:${r.seed}`)).toEqual([
      'flapping_route:do_nothing:4',
      'slow_burn:do_nothing:4',
    ]);
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('refuses rows that do not match the contract, naming the script', async () => {
    await expect(
      runIncidentStages({
        scriptIds: ['slow_burn'],
        policies: ['do_nothing'],
        seed: 1,
        createWorker: stagedWorker(() => [{ scriptId: 'slow_burn', detectedAt: -3 }]),
      }),
    ).rejects.toThrow(/staged rows of slow_burn/);
  });

  it('passes on the worker refusing an unknown script', async () => {
    await expect(
      runIncidentStages({
        scriptIds: ['atlantis'],
        policies: ['agent'],
        seed: 1,
        createWorker: stagedWorker(),
      }),
    ).rejects.toThrow(/unknown incident script atlantis/);
  });
});
