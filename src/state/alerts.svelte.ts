import { SvelteSet } from 'svelte/reactivity';

/** A message for the alert area. */
export interface LabAlert {
  id: number;
  message: string;
}

/**
 * The alert area: the lab's own messages, each dismissible, plus the dismissed keys of alerts that
 * other state raises (a history problem, a worker crash), so every alert can be put away.
 */
export class AlertsState {
  list = $state.raw<LabAlert[]>([]);
  private nextId = 0;
  private readonly dismissedKeys = new SvelteSet<string>();

  /** Shows a message; returns its id. */
  push(message: string): number {
    const id = ++this.nextId;
    this.list = [...this.list, { id, message }];
    return id;
  }

  /** Removes one of the lab's own alerts. */
  dismiss(id: number): void {
    this.list = this.list.filter((alert) => alert.id !== id);
  }

  /** Puts away an alert raised elsewhere, identified by a key that changes when its cause does. */
  dismissKey(key: string): void {
    this.dismissedKeys.add(key);
  }

  /** Whether an alert raised elsewhere is still to be shown. */
  shows(key: string): boolean {
    return !this.dismissedKeys.has(key);
  }
}
