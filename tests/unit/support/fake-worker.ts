import { expose } from 'comlink';
import type { WorkerLike } from '../../../src/services/worker-client';

/**
 * A worker stand-in for Node tests: Comlink over a MessageChannel, serving `api` in this thread,
 * plus the error event a real crash raises (see crash()).
 */
export class FakeWorker extends EventTarget implements WorkerLike {
  readonly port: MessagePort;
  private readonly inner: MessagePort;
  terminated = false;

  constructor(api: object) {
    super();
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.inner = channel.port2;
    expose(api, this.inner);
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.port.postMessage(message, transfer ?? []);
  }

  override addEventListener(type: string, listener: (event: Event) => void): void {
    if (type === 'message') this.port.addEventListener('message', listener as EventListener);
    else super.addEventListener(type, listener);
    this.port.start();
  }

  override removeEventListener(type: string, listener: (event: Event) => void): void {
    if (type === 'message') this.port.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
    this.inner.close();
  }

  /** Raises the error event a worker raises when it dies of an uncaught error. */
  crash(message: string): void {
    const event = new Event('error', { cancelable: true }) as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}
