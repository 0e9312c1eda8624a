import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import type { LiveSession } from '../../../src/contracts/session';
import {
  openSessionStore,
  SESSION_DB_NAME,
  SESSION_DB_VERSION,
} from '../../../src/services/session-store';
import { freshIndexedDb, installFakeIndexedDbClasses, rawOpen } from '../support/fake-idb';

beforeAll(() => installFakeIndexedDbClasses());

const session: LiveSession = {
  version: 1,
  savedAt: 1_770_000_000_000,
  scenario: HEALTHY_SCENARIO,
  cycle: 3,
  controlPlane: DEFAULT_CONTROL_PLANE,
  activeActions: [],
  pending: null,
};

describe('session store', () => {
  it('keeps a session in IndexedDB across openings', async () => {
    const factory = freshIndexedDb();
    const first = await openSessionStore({ indexedDB: factory });
    expect(first.persistent).toBe(true);
    await expect(first.read()).resolves.toEqual({ kind: 'none' });
    await first.save(session);
    const second = await openSessionStore({ indexedDB: factory });
    await expect(second.read()).resolves.toEqual({ kind: 'ok', session });
    await second.clear();
    await expect(second.read()).resolves.toEqual({ kind: 'none' });
  });

  it('refuses a stored session that does not parse, naming the field', async () => {
    const factory = freshIndexedDb();
    await openSessionStore({ indexedDB: factory });
    const db = await rawOpen(factory, SESSION_DB_NAME, SESSION_DB_VERSION);
    const bad = { ...session, cycle: -2 };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('session', 'readwrite');
      tx.objectStore('session').put(bad, 'live');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    db.close();
    const store = await openSessionStore({ indexedDB: factory });
    const read = await store.read();
    expect(read.kind).toBe('invalid');
    if (read.kind !== 'invalid') return;
    expect(read.message).toMatch(/^Invalid stored session: cycle: /);
    expect(read.raw).toEqual(bad);
  });

  it('writes nothing malformed: a bad session is refused and the stored one stays', async () => {
    const store = await openSessionStore({ indexedDB: freshIndexedDb() });
    await store.save(session);
    await expect(store.save({ ...session, savedAt: Number.NaN })).rejects.toThrow(
      /Invalid live session: savedAt/,
    );
    await expect(store.read()).resolves.toEqual({ kind: 'ok', session });
  });

  it('without IndexedDB it keeps the session in memory only', async () => {
    const store = await openSessionStore({ indexedDB: null });
    expect(store.persistent).toBe(false);
    await store.save(session);
    await expect(store.read()).resolves.toEqual({ kind: 'ok', session });
  });
});
