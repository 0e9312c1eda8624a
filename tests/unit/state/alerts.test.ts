import { describe, expect, it } from 'vitest';
import { AlertsState } from '../../../src/state/alerts.svelte';

describe('AlertsState', () => {
  it('shows messages in order and dismisses exactly the one asked for', () => {
    const alerts = new AlertsState();
    const first = alerts.push('Link ignored in part: visa');
    const second = alerts.push('Import refused');
    expect(alerts.list.map((a) => a.message)).toEqual([
      'Link ignored in part: visa',
      'Import refused',
    ]);
    alerts.dismiss(first);
    expect(alerts.list).toEqual([{ id: second, message: 'Import refused' }]);
    alerts.dismiss(999);
    expect(alerts.list).toHaveLength(1);
  });

  it('puts away an alert raised elsewhere by its key, and only that key', () => {
    const alerts = new AlertsState();
    expect(alerts.shows('worker:simulator:2')).toBe(true);
    alerts.dismissKey('worker:simulator:2');
    expect(alerts.shows('worker:simulator:2')).toBe(false);
    // A new crash has a new key, so it shows again.
    expect(alerts.shows('worker:simulator:3')).toBe(true);
  });
});
