import { describe, expect, it } from 'vitest';
import {
  START_GUIDE_KEY,
  StartGuideState,
  type GuideStorage,
} from '../../../src/state/start-guide.svelte';

function memory(): GuideStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('StartGuideState', () => {
  it('opens on the first visit and stays away once dismissed', () => {
    const storage = memory();
    const first = new StartGuideState(storage);
    expect(first.open).toBe(true);
    first.dismiss();
    expect(first.open).toBe(false);
    expect(storage.items.get(START_GUIDE_KEY)).toBe('1');
    expect(new StartGuideState(storage).open).toBe(false);
  });

  it('still opens and dismisses when storage refuses', () => {
    const refusing: GuideStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const guide = new StartGuideState(refusing);
    expect(guide.open).toBe(true);
    guide.dismiss();
    expect(guide.open).toBe(false);
  });
});
