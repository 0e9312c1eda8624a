import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTHY_SCENARIO, type Scenario } from '../../../src/contracts';
import { PageLink, URL_WRITE_INTERVAL_MS } from '../../../src/state/page-link';
import { browserTimers } from '../../../src/state/ports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const seeded = (seed: number): Scenario => ({ ...HEALTHY_SCENARIO, seed });

describe('the page link', () => {
  it('follows the scenario once per interval, with the newest, and remembers what it shows', async () => {
    const written: Scenario[] = [];
    const link = new PageLink((s) => written.push(s), browserTimers);
    let current = seeded(1);
    link.follow(() => current);
    current = seeded(2);
    link.follow(() => current);
    await vi.advanceTimersByTimeAsync(URL_WRITE_INTERVAL_MS - 1);
    // Until the write the link still shows what it showed before: nothing yet.
    expect(written).toEqual([]);
    expect(link.shown).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(written).toEqual([seeded(2)]);
    expect(link.shown).toEqual(seeded(2));
  });

  it('writes at once when told, or only notes a scenario the link already shows', () => {
    const written: Scenario[] = [];
    const link = new PageLink((s) => written.push(s), browserTimers);
    link.show(seeded(5), false);
    expect(written).toEqual([]);
    expect(link.shown).toEqual(seeded(5));
    link.show(seeded(6));
    expect(written).toEqual([seeded(6)]);
    expect(link.shown).toEqual(seeded(6));
  });
});
