import type { ReasoningApi } from '../contracts/worker-api';
import { WorkerClient } from './worker-client';

let client: WorkerClient<ReasoningApi> | null = null;

/** The one reasoning worker of the page, started on first use. */
export function reasoningClient(): WorkerClient<ReasoningApi> {
  client ??= new WorkerClient<ReasoningApi>({
    name: 'Reasoning worker',
    timeoutMs: 10_000,
    create: () =>
      new Worker(new URL('../../workers/reasoning.worker.ts', import.meta.url), {
        type: 'module',
        name: 'reasoning',
      }),
  });
  return client;
}
