import type { KeyValueStorage } from '../../../src/services/workspace-storage';

/** A localStorage stand-in over a Map, with the map exposed for assertions. */
export function mapStorage(initial: Record<string, string> = {}): KeyValueStorage & {
  map: Map<string, string>;
} {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
  };
}
