import { afterEach, describe, expect, it } from 'vitest';
import {
  toReadableError,
  WorkerClient,
  WorkerFailureError,
  type WorkerEvent,
} from '../../../src/services/worker-client';
import { FakeWorker } from '../support/fake-worker';

interface EchoApi {
  hello(): string;
  echo(value: number): number;
  fail(message: string): never;
  hang(): Promise<never>;
}

/** A fake worker serving the echo API, numbered by generation so restarts are visible. */
class EchoWorker extends FakeWorker {
  static created: EchoWorker[] = [];

  constructor(generation: number) {
    const api: EchoApi = {
      hello: () => `hello from generation ${generation}`,
      echo: (value) => value * 2,
      fail: (message) => {
        throw new TypeError(message);
      },
      hang: () => new Promise<never>(() => undefined),
    };
    super(api);
    EchoWorker.created.push(this);
  }
}

let clients: WorkerClient<EchoApi>[] = [];

function makeClient(timeoutMs = 2000): WorkerClient<EchoApi> {
  let generation = 0;
  const client = new WorkerClient<EchoApi>({
    name: 'Echo worker',
    timeoutMs,
    create: () => new EchoWorker(++generation),
  });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients) client.terminate();
  clients = [];
  EchoWorker.created = [];
});

describe('WorkerClient', () => {
  it('calls the worker and returns its answer', async () => {
    const client = makeClient();
    await expect(client.call('hello', [])).resolves.toBe('hello from generation 1');
    await expect(client.call('echo', [21])).resolves.toBe(42);
    expect(client.starts).toBe(1);
  });

  it('passes an error thrown in the worker on as a readable message', async () => {
    const client = makeClient();
    await expect(client.call('fail', ['scenario.seed: Too small'])).rejects.toThrow(
      'Echo worker fail failed: scenario.seed: Too small',
    );
    // A thrown error is not a crash: the same worker keeps serving.
    await expect(client.call('hello', [])).resolves.toBe('hello from generation 1');
  });

  it('fails a hung call after the timeout and restarts the worker', async () => {
    const client = makeClient(100);
    const events: WorkerEvent[] = [];
    client.onEvent((event) => events.push(event));
    const error = await client.call('hang', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerFailureError);
    expect((error as WorkerFailureError).kind).toBe('timeout');
    expect((error as Error).message).toBe(
      'Echo worker did not answer hang within 100 ms. It was restarted.',
    );
    expect(EchoWorker.created[0]!.terminated).toBe(true);
    expect(events).toEqual([expect.objectContaining({ kind: 'timeout', generation: 2 })]);
    await expect(client.call('hello', [])).resolves.toBe('hello from generation 2');
  });

  it('rejects calls in flight when the worker crashes, reports it and restarts', async () => {
    const client = makeClient();
    const events: WorkerEvent[] = [];
    client.onEvent((event) => events.push(event));
    const pending = client.call('hang', []);
    EchoWorker.created[0]!.crash('out of memory');
    await expect(pending).rejects.toThrow('Echo worker crashed: out of memory. It was restarted.');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ worker: 'Echo worker', kind: 'crash', generation: 2 });
    await expect(client.call('echo', [5])).resolves.toBe(10);
    expect(client.starts).toBe(2);
  });

  it('refuses calls after termination', async () => {
    const client = makeClient();
    client.terminate();
    await expect(client.call('hello', [])).rejects.toThrow('Echo worker has been shut down.');
  });

  it('restarts on request, failing calls in flight', async () => {
    const client = makeClient();
    const pending = client.call('hang', []);
    client.restart('settings changed');
    await expect(pending).rejects.toThrow('Echo worker was restarted: settings changed.');
    await expect(client.call('hello', [])).resolves.toBe('hello from generation 2');
  });
});

describe('toReadableError', () => {
  it('keeps an Error message and adds context once', () => {
    expect(toReadableError(new Error('boom'), 'Sim failed').message).toBe('Sim failed: boom');
    expect(toReadableError(new Error('Sim failed: boom'), 'Sim failed').message).toBe(
      'Sim failed: boom',
    );
  });

  it('turns strings and objects into messages', () => {
    expect(toReadableError('bad', 'X').message).toBe('X: bad');
    expect(toReadableError({ code: 7 }, 'X').message).toBe('X: {"code":7}');
  });
});
