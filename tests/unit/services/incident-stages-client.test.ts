import { describe, expect, it } from 'vitest';
import type { IncidentStagesApi } from '../../../src/contracts';
import { scoreStagedRequest } from '../../../src/domain/evaluation/incident-stages-request';
import { scoreStagedIn, stagedRequests } from '../../../src/services/incident-stages-client';
import { WorkerClient } from '../../../src/services/worker-client';
import { FakeWorker } from '../support/fake-worker';

/** A client of a worker serving the staged API with `answer` (the domain by default). */
function stagedClient(answer: (request: unknown) => unknown = scoreStagedRequest) {
  return new WorkerClient<IncidentStagesApi>({
    name: 'Evaluation worker 1',
    timeoutMs: 30_000,
    create: () => new FakeWorker({ scoreScript: answer }),
  });
}

describe('the staged incident work of the evaluation pool', () => {
  it('cuts the work into one request per script, in script order', () => {
    expect(
      stagedRequests({ scriptIds: ['slow_burn', 'flapping_route'], policies: ['agent'], seed: 4 }),
    ).toEqual([
      { scriptId: 'slow_burn', policies: ['agent'], seed: 4 },
      { scriptId: 'flapping_route', policies: ['agent'], seed: 4 },
    ]);
  });

  it('scores a request in the worker and returns its rows, parsed', async () => {
    const client = stagedClient();
    const request = { scriptId: 'flapping_route', policies: ['do_nothing' as const], seed: 4 };
    const rows = await scoreStagedIn(client, request);
    client.terminate();
    expect(rows).toEqual(scoreStagedRequest(request));
    expect(rows.map((r) => `${r.scriptId}:${r.policy}:${r.seed}`)).toEqual([
      'flapping_route:do_nothing:4',
    ]);
  });

  it('refuses rows that do not match the contract, naming the script', async () => {
    const client = stagedClient(() => [{ scriptId: 'slow_burn', detectedAt: -3 }]);
    await expect(
      scoreStagedIn(client, { scriptId: 'slow_burn', policies: ['do_nothing'], seed: 1 }),
    ).rejects.toThrow(/staged rows of slow_burn/);
    client.terminate();
  });

  it('refuses well-formed rows that answer another script', async () => {
    const other = scoreStagedRequest({
      scriptId: 'flapping_route',
      policies: ['do_nothing'],
      seed: 1,
    });
    const client = stagedClient(() => other);
    await expect(
      scoreStagedIn(client, { scriptId: 'slow_burn', policies: ['do_nothing'], seed: 1 }),
    ).rejects.toThrow('The staged rows of slow_burn do not answer its request');
    client.terminate();
  });

  it('passes on the worker refusing an unknown script', async () => {
    const client = stagedClient();
    await expect(
      scoreStagedIn(client, { scriptId: 'atlantis', policies: ['agent'], seed: 1 }),
    ).rejects.toThrow(/unknown incident script atlantis/);
    client.terminate();
  });
});
