import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import type { LiveSession } from '../../../src/contracts/session';
import { defaultWorkspaceList, type WorkspaceList } from '../../../src/contracts/workspace';
import { openLearningStore } from '../../../src/services/learning-store';
import { openSessionStore } from '../../../src/services/session-store';
import {
  copySettings,
  loadSettings,
  removeSettings,
  saveSettings,
} from '../../../src/services/settings-storage';
import { countOutcomes, markForDeletion, sweepDeleted } from '../../../src/services/workspace-data';
import {
  currentWorkspaceRef,
  learningDbName,
  newWorkspaceId,
  onWorkspaceListChange,
  readWorkspaceList,
  sessionDbName,
  WORKSPACES_KEY,
  writeWorkspaceList,
} from '../../../src/services/workspace-storage';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';
import { makeRecords } from '../support/factories';
import { mapStorage } from './workspace-fakes';

beforeAll(installFakeIndexedDbClasses);

const teamB = { id: 'ws-b', name: 'Team B', createdAt: 1 };
const listWithB: WorkspaceList = {
  version: 1,
  currentId: 'ws-b',
  workspaces: [...defaultWorkspaceList().workspaces, teamB],
};

describe('the stored workspace list', () => {
  it('is the default workspace alone when nothing is stored, with today’s database names', () => {
    const storage = mapStorage();
    expect(readWorkspaceList(storage)).toEqual({ list: defaultWorkspaceList(), problem: null });
    expect(currentWorkspaceRef(storage)).toEqual({ id: 'default', name: 'Default' });
    expect(learningDbName('default')).toBe('agent-payment-lab');
    expect(sessionDbName('default')).toBe('agent-payment-lab-session');
    expect(learningDbName('ws-b')).toBe('agent-payment-lab:ws:ws-b');
    expect(sessionDbName('ws-b')).toBe('agent-payment-lab-session:ws:ws-b');
  });

  it('reads back what was written, and names the workspace in use', () => {
    const storage = mapStorage();
    writeWorkspaceList(listWithB, storage);
    expect(readWorkspaceList(storage)).toEqual({ list: listWithB, problem: null });
    expect(currentWorkspaceRef(storage)).toEqual({ id: 'ws-b', name: 'Team B' });
  });

  it('reports a stored list that is not JSON or not the contract, and leaves it in storage', () => {
    for (const raw of ['{"version":', JSON.stringify({ ...listWithB, currentId: 'gone' })]) {
      const storage = mapStorage({ [WORKSPACES_KEY]: raw });
      const read = readWorkspaceList(storage);
      expect(read.list).toEqual(defaultWorkspaceList());
      expect(read.problem).toMatch(
        /^The stored workspace list (is not valid JSON|could not be read \(currentId: )/,
      );
      expect(storage.map.get(WORKSPACES_KEY)).toBe(raw);
    }
  });

  it('refuses to write a list that breaks the contract, writing nothing', () => {
    const storage = mapStorage();
    const twice = { ...listWithB, workspaces: [teamB, { ...teamB, id: 'ws-c', name: 'TEAM B' }] };
    expect(() => writeWorkspaceList(twice, storage)).toThrow(/used twice/);
    expect(storage.map.size).toBe(0);
  });

  it('makes ids that fit the contract and differ with the random draw', () => {
    const a = newWorkspaceId(() => 0.1, 1_770_000_000_000);
    const b = newWorkspaceId(() => 0.2, 1_770_000_000_000);
    expect(a).toMatch(/^ws-[a-z0-9]+-[a-z0-9]{6}$/);
    expect(a).not.toBe(b);
  });

  it('tells a listener when another tab changes the list, and only then', () => {
    const listeners = new Map<string, (event: StorageEvent) => void>();
    const target = {
      addEventListener: (type: string, l: (event: StorageEvent) => void) => listeners.set(type, l),
      removeEventListener: (type: string) => listeners.delete(type),
    } as unknown as Window;
    const heard: string[] = [];
    const stop = onWorkspaceListChange((read) => heard.push(read.list.currentId), target);
    listeners.get('storage')!({ key: 'agent-payment-lab:settings' } as StorageEvent);
    listeners.get('storage')!({ key: WORKSPACES_KEY } as StorageEvent);
    expect(heard).toEqual(['default']);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe('settings per workspace', () => {
  it('keeps each workspace’s limits apart; the default keeps the key it always had', () => {
    const storage = mapStorage();
    saveSettings({ limits: { minConfidence: 0.8 }, autopilotPaceMs: 3000 }, 'default', storage);
    saveSettings({ limits: { minConfidence: 0.95 } }, 'ws-b', storage);
    expect(JSON.parse(storage.map.get('agent-payment-lab:settings')!)).toEqual({
      limits: { minConfidence: 0.8 },
      autopilotPaceMs: 3000,
    });
    expect(loadSettings('default', storage).limits).toEqual({ minConfidence: 0.8 });
    expect(loadSettings('ws-b', storage)).toEqual({ limits: { minConfidence: 0.95 } });
    expect(loadSettings('ws-c', storage)).toEqual({});
  });

  it('reads settings stored before workspaces as the default workspace’s, remember box included', () => {
    const storage = mapStorage({
      'agent-payment-lab:settings': JSON.stringify({
        limits: { minConfidence: 0.7 },
        rememberApiKey: true,
      }),
    });
    expect(loadSettings('default', storage)).toEqual({
      limits: { minConfidence: 0.7 },
      rememberApiKey: true,
    });
    // The key is one per device: a workspace without a box of its own sees the device's.
    expect(loadSettings('ws-b', storage)).toEqual({ rememberApiKey: true });
  });

  it('keeps the remember box device-wide, so one workspace unticking it is seen by all', () => {
    const storage = mapStorage();
    saveSettings({ rememberApiKey: true }, 'default', storage);
    saveSettings({ rememberApiKey: false, autopilotPaceMs: 1000 }, 'ws-b', storage);
    expect(loadSettings('default', storage).rememberApiKey).toBe(false);
    expect(JSON.parse(storage.map.get('agent-payment-lab:settings:ws-b')!)).toEqual({
      autopilotPaceMs: 1000,
    });
  });

  it('copies settings into a duplicate and removes them with their workspace', () => {
    const storage = mapStorage();
    saveSettings({ limits: { maxTrafficShift: 0.3 }, rememberApiKey: true }, 'default', storage);
    copySettings('default', 'ws-b', storage);
    expect(loadSettings('ws-b', storage).limits).toEqual({ maxTrafficShift: 0.3 });
    removeSettings('default', storage);
    expect(loadSettings('default', storage)).toEqual({ rememberApiKey: true });
    expect(loadSettings('ws-b', storage).limits).toEqual({ maxTrafficShift: 0.3 });
  });

  it('ignores stored settings that break the contract', () => {
    const storage = mapStorage({ 'agent-payment-lab:settings:ws-b': '{"autopilotPaceMs":-5}' });
    expect(loadSettings('ws-b', storage)).toEqual({});
  });
});

describe('a workspace’s databases', () => {
  const session: LiveSession = {
    version: 1,
    savedAt: 1_770_000_000_000,
    scenario: HEALTHY_SCENARIO,
    cycle: 7,
    controlPlane: DEFAULT_CONTROL_PLANE,
    activeActions: [],
    pending: null,
  };

  it('keep each workspace’s last session apart', async () => {
    const factory = freshIndexedDb();
    const b = await openSessionStore({ indexedDB: factory, dbName: sessionDbName('ws-b') });
    await b.save(session);
    const a = await openSessionStore({ indexedDB: factory, dbName: sessionDbName('default') });
    await expect(a.read()).resolves.toEqual({ kind: 'none' });
    await expect(b.read()).resolves.toEqual({ kind: 'ok', session });
  });

  it('count the outcomes a deletion would lose, and go once the workspace is swept', async () => {
    const factory = freshIndexedDb();
    const store = await openLearningStore({
      indexedDB: factory,
      dbName: learningDbName('ws-b'),
      channel: null,
    });
    await store.merge(makeRecords(5));
    store.close();
    const sessions = await openSessionStore({ indexedDB: factory, dbName: sessionDbName('ws-b') });
    await sessions.save(session);
    expect(await countOutcomes('ws-b', factory)).toBe(5);
    expect(await countOutcomes('default', factory)).toBe(0);

    const storage = mapStorage();
    saveSettings({ limits: { minConfidence: 0.9 } }, 'ws-b', storage);
    markForDeletion('ws-b', storage);
    // Still listed (another tab brought it back): nothing is removed, and the mark is dropped.
    expect(await sweepDeleted(listWithB, storage, factory)).toEqual(['ws-b']);
    expect(await countOutcomes('ws-b', factory)).toBe(5);
    expect(loadSettings('ws-b', storage).limits).toEqual({ minConfidence: 0.9 });

    markForDeletion('ws-b', storage);
    expect(await sweepDeleted(defaultWorkspaceList(), storage, factory)).toEqual(['ws-b']);
    expect(await countOutcomes('ws-b', factory)).toBe(0);
    const reopened = await openSessionStore({ indexedDB: factory, dbName: sessionDbName('ws-b') });
    await expect(reopened.read()).resolves.toEqual({ kind: 'none' });
    expect(loadSettings('ws-b', storage)).toEqual({});
    expect(storage.map.has('agent-payment-lab:workspaces-deleting')).toBe(false);
  });
});
