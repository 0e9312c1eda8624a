import { wrap, type Remote } from 'comlink';

/** The part of a Worker the client uses; a MessagePort-backed fake satisfies it in tests. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  terminate(): void;
}

/** What happened to a worker, reported to whoever listens (the UI). */
export interface WorkerEvent {
  worker: string;
  kind: 'crash' | 'timeout' | 'restart';
  message: string;
  /** How many times this worker has been started, the first start included. */
  generation: number;
}

/** Settings of one worker client. */
export interface WorkerClientOptions {
  /** Human name used in messages, e.g. "Simulator worker". */
  name: string;
  /** Starts a fresh worker; called once at start and again after every crash or hang. */
  create: () => WorkerLike;
  /** Milliseconds a call may take before the worker is considered hung and restarted. */
  timeoutMs: number;
}

/** A call failed because the worker crashed or hung; the worker has been restarted. */
export class WorkerFailureError extends Error {
  readonly kind: 'crash' | 'timeout' | 'terminated';
  constructor(kind: 'crash' | 'timeout' | 'terminated', message: string) {
    super(message);
    this.name = 'WorkerFailureError';
    this.kind = kind;
  }
}

type AnyFn = (...args: never[]) => unknown;
type Methods<T> = { [K in keyof T]: T[K] extends AnyFn ? K : never }[keyof T];
type Args<F> = F extends (...args: infer A) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

interface Pending {
  reject: (error: Error) => void;
}

/**
 * Wraps one worker once, adding what Comlink lacks: a timeout on every call, a restart after a
 * crash or a hang (pending calls fail with a readable message instead of hanging), termination,
 * and crash reports for the UI.
 */
export class WorkerClient<T> {
  private readonly options: WorkerClientOptions;
  private worker: WorkerLike | null = null;
  private remote: Remote<T> | null = null;
  private readonly pending = new Set<Pending>();
  private readonly listeners = new Set<(event: WorkerEvent) => void>();
  private generation = 0;
  private terminated = false;
  private readonly onError = (event: Event) => {
    // Keep the browser from also logging it as an unhandled page error; we report it ourselves.
    event.preventDefault?.();
    const detail = (event as ErrorEvent).message || 'the worker stopped unexpectedly';
    this.fail('crash', `${this.options.name} crashed: ${detail}. It was restarted.`);
  };

  constructor(options: WorkerClientOptions) {
    this.options = options;
    this.start();
  }

  /** How many times the worker has been started (1 until the first restart). */
  get starts(): number {
    return this.generation;
  }

  /** Listens for crashes, hangs and restarts; returns a function that stops listening. */
  onEvent(listener: (event: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls a method of the worker's API with the client's (or the given) timeout. */
  call<K extends Methods<T>>(
    method: K,
    args: Args<T[K]>,
    timeoutMs = this.options.timeoutMs,
  ): Promise<Result<T[K]>> {
    if (this.terminated || !this.remote) {
      return Promise.reject(
        new WorkerFailureError('terminated', `${this.options.name} has been shut down.`),
      );
    }
    const remote = this.remote as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
    const target = remote[method as PropertyKey];
    return new Promise<Result<T[K]>>((resolve, reject) => {
      const entry: Pending = { reject };
      this.pending.add(entry);
      const timer = setTimeout(() => {
        this.fail(
          'timeout',
          `${this.options.name} did not answer ${String(method)} within ${timeoutMs} ms. It was restarted.`,
        );
      }, timeoutMs);
      Promise.resolve()
        .then(() => target!(...(args as unknown[])))
        .then(
          (value) => {
            if (!this.pending.delete(entry)) return;
            clearTimeout(timer);
            resolve(value as Result<T[K]>);
          },
          (error: unknown) => {
            if (!this.pending.delete(entry)) return;
            clearTimeout(timer);
            reject(toReadableError(error, `${this.options.name} ${String(method)} failed`));
          },
        );
      // A crash or timeout rejects through `fail`, which also clears this call.
      entry.reject = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    });
  }

  /** Stops the worker for good; later calls fail at once. */
  terminate(): void {
    this.terminated = true;
    this.stop();
    this.rejectAll(
      new WorkerFailureError('terminated', `${this.options.name} has been shut down.`),
    );
  }

  /** Replaces the worker with a fresh one, failing calls still in flight. */
  restart(reason = 'restart requested'): void {
    this.fail('crash', `${this.options.name} was restarted: ${reason}.`, 'restart');
  }

  private start(): void {
    const worker = this.options.create();
    worker.addEventListener('error', this.onError);
    this.worker = worker;
    this.remote = wrap<T>(worker as unknown as Worker);
    this.generation += 1;
  }

  private stop(): void {
    if (!this.worker) return;
    this.worker.removeEventListener('error', this.onError);
    this.worker.terminate();
    this.worker = null;
    this.remote = null;
  }

  private fail(kind: 'crash' | 'timeout', message: string, eventKind: WorkerEvent['kind'] = kind) {
    if (this.terminated) return;
    this.stop();
    this.rejectAll(new WorkerFailureError(kind, message));
    this.start();
    const event: WorkerEvent = {
      worker: this.options.name,
      kind: eventKind,
      message,
      generation: this.generation,
    };
    for (const listener of this.listeners) listener(event);
  }

  private rejectAll(error: Error): void {
    const entries = [...this.pending];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}

/** Makes any thrown value an Error with a readable message (Comlink passes Errors by message). */
export function toReadableError(error: unknown, context: string): Error {
  if (error instanceof Error) {
    const message = error.message || error.name || 'unknown error';
    const wrapped = new Error(message.startsWith(context) ? message : `${context}: ${message}`);
    wrapped.name = error.name;
    return wrapped;
  }
  if (typeof error === 'string') return new Error(`${context}: ${error}`);
  return new Error(`${context}: ${JSON.stringify(error) ?? String(error)}`);
}
