/** BroadcastChannel on which tabs tell each other that the history changed. */
export const LEARNING_CHANNEL = 'agent-payment-lab:learning';

/** The part of BroadcastChannel the store uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** What one tab tells the others after it changed the history. */
export interface ChannelMessage {
  type: 'learning-changed';
  dbName: string;
  kind: 'add' | 'merge' | 'clear';
}

/** Whether a message heard on the channel is one of ours. */
export function isChannelMessage(value: unknown): value is ChannelMessage {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    m.type === 'learning-changed' &&
    typeof m.dbName === 'string' &&
    (m.kind === 'add' || m.kind === 'merge' || m.kind === 'clear')
  );
}

/** The browser's BroadcastChannel, or null where there is none. */
export function defaultChannel(name: string): ChannelLike | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  // In Node (tests, CLI) an open channel would keep the process alive; browsers have no unref.
  (channel as unknown as { unref?: () => void }).unref?.();
  return channel;
}
