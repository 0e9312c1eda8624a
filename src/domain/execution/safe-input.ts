import { formatPath } from '../../contracts';

/**
 * Keys that change an object's prototype chain when assigned, so a value carrying them as own
 * properties (JSON.parse creates them) must never be merged or copied into a plain object.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Where a forbidden key sits inside a value, or why the value is too deep to inspect. */
export interface UnsafeKeyFinding {
  /** Path of the offending key in `a.b[0].c` form. */
  path: string;
  message: string;
}

/**
 * Walks parsed JSON-like data without recursion and reports the first forbidden key (`__proto__`,
 * `constructor`, `prototype`) or nesting deeper than `maxDepth`; null when the data is clean.
 */
export function findUnsafeKey(value: unknown, maxDepth = 64): UnsafeKeyFinding | null {
  // An explicit stack: hostile input may nest thousands of levels, which would overflow recursion.
  // Each entry links to its parent so a path is only built when something is found.
  interface Entry {
    value: unknown;
    key: PropertyKey | null;
    parent: Entry | null;
    depth: number;
  }
  const pathOf = (entry: Entry, last?: PropertyKey): string => {
    const path: PropertyKey[] = last === undefined ? [] : [last];
    for (let e: Entry | null = entry; e !== null && e.key !== null; e = e.parent) {
      path.unshift(e.key);
    }
    return formatPath(path);
  };
  const stack: Entry[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const current = entry.value;
    if (current === null || typeof current !== 'object') continue;
    if (entry.depth > maxDepth) {
      return { path: pathOf(entry), message: `nested more than ${maxDepth} levels deep` };
    }
    const depth = entry.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i], key: i, parent: entry, depth });
      }
      continue;
    }
    const keys = Object.keys(current);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.includes(key)) {
        return {
          path: pathOf(entry, key),
          message: `forbidden key "${key}" (it could alter object prototypes)`,
        };
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: (current as Record<string, unknown>)[key], key, parent: entry, depth });
    }
  }
  return null;
}

/** Shortens a hostile or merely long value for a message, so messages stay readable and bounded. */
export function quote(value: unknown, max = 40): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    text = String(value);
  } else if (value === undefined) text = 'nothing';
  else if (Array.isArray(value)) text = 'a list';
  else text = `a ${typeof value}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
