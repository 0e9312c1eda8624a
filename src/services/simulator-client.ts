import type { SimulatorApi } from '../contracts/worker-api';
import { WorkerClient } from './worker-client';

let client: WorkerClient<SimulatorApi> | null = null;

/** The one simulator worker of the page, started on first use. */
export function simulatorClient(): WorkerClient<SimulatorApi> {
  client ??= new WorkerClient<SimulatorApi>({
    name: 'Simulator worker',
    timeoutMs: 10_000,
    create: () =>
      new Worker(new URL('../../workers/simulator.worker.ts', import.meta.url), {
        type: 'module',
        name: 'simulator',
      }),
  });
  return client;
}
