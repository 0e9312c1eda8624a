import { describe, expect, it } from 'vitest';
import { defaultWorkspaceList, type WorkspaceList } from '../../../src/contracts/workspace';
import {
  readWorkspaceList,
  WORKSPACES_KEY,
  type WorkspaceListRead,
} from '../../../src/services/workspace-storage';
import { WorkspaceState, type WorkspacePorts } from '../../../src/state/workspace.svelte';
import { mapStorage } from '../services/workspace-fakes';

/** Ports over a Map, recording reloads, copies, marks and sweeps, in the order they happen. */
function fakePorts(initial: Record<string, string> = {}, outcomes: Record<string, number> = {}) {
  const storage = mapStorage(initial);
  const events: string[] = [];
  let otherTab: ((read: WorkspaceListRead) => void) | null = null;
  let draws = 0;
  const ports: WorkspacePorts = {
    storage,
    now: () => 1_770_000_000_000,
    random: () => (draws += 0.01) % 1,
    reload: () => void events.push(`reload:${readWorkspaceList(storage).list.currentId}`),
    countOutcomes: (id) => Promise.resolve(outcomes[id] ?? 0),
    copySettings: (from, to) => void events.push(`copy:${from}->${to}`),
    markForDeletion: (id) => void events.push(`mark:${id}`),
    sweep: (list) => {
      events.push(`sweep:${list.workspaces.length}`);
      return Promise.resolve([]);
    },
    listen: (listener) => {
      otherTab = listener;
      return () => (otherTab = null);
    },
  };
  const announce = (list: WorkspaceList) => {
    storage.setItem(WORKSPACES_KEY, JSON.stringify(list));
    otherTab?.(readWorkspaceList(storage));
  };
  return { ports, storage, events, announce, listening: () => otherTab !== null };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkspaceState', () => {
  it('creates a workspace, keeps the session, then opens the page in it', async () => {
    const { ports, storage, events } = fakePorts();
    const state = new WorkspaceState(ports);
    state.beforeLeave = () => {
      events.push('session kept');
      return Promise.resolve();
    };
    expect(state.create('  Team B ')).toEqual({ ok: true });
    await settle();
    const stored = readWorkspaceList(storage).list;
    expect(stored.workspaces.map((w) => w.name)).toEqual(['Default', 'Team B']);
    expect(events).toEqual(['session kept', `reload:${stored.workspaces[1]!.id}`]);
    // The page stays in the workspace it was opened in until it reloads.
    expect(state.opened.id).toBe('default');
  });

  it('refuses a taken name with a message, and stores nothing', async () => {
    const { ports, storage, events } = fakePorts();
    const state = new WorkspaceState(ports);
    expect(state.create('DEFAULT')).toEqual({
      ok: false,
      message: 'Name: "Default" is already taken by another workspace.',
    });
    expect(state.rename('default', '')).toEqual({
      ok: false,
      message: 'Name: a workspace needs a name.',
    });
    await settle();
    expect(storage.map.size).toBe(0);
    expect(events).toEqual([]);
  });

  it('renames in place, without leaving the page', async () => {
    const { ports, storage, events } = fakePorts();
    const state = new WorkspaceState(ports);
    expect(state.rename('default', 'Production')).toEqual({ ok: true });
    await settle();
    expect(state.workspaces.map((w) => w.name)).toEqual(['Production']);
    expect(readWorkspaceList(storage).list.workspaces[0]!.name).toBe('Production');
    expect(events).toEqual([]);
  });

  it('duplicates the settings (not the history) under a free copy name and opens the copy', async () => {
    const { ports, storage, events } = fakePorts();
    const state = new WorkspaceState(ports);
    expect(state.copyNameOf('default')).toBe('Default (copy)');
    expect(state.duplicate('default', state.copyNameOf('default'))).toEqual({ ok: true });
    await settle();
    const copy = readWorkspaceList(storage).list.workspaces[1]!;
    expect(copy.name).toBe('Default (copy)');
    expect(events).toEqual([`copy:default->${copy.id}`, `reload:${copy.id}`]);
  });

  it('says what a deletion loses, deletes another workspace at once, and never the last', async () => {
    const list: WorkspaceList = {
      ...defaultWorkspaceList(),
      workspaces: [...defaultWorkspaceList().workspaces, { id: 'ws-b', name: 'B', createdAt: 0 }],
    };
    const { ports, storage, events } = fakePorts(
      { [WORKSPACES_KEY]: JSON.stringify(list) },
      { 'ws-b': 12 },
    );
    const state = new WorkspaceState(ports);
    expect(await state.lossOf('ws-b')).toEqual({
      workspace: { id: 'ws-b', name: 'B', createdAt: 0 },
      outcomes: 12,
      inUse: false,
    });
    expect(await state.remove('ws-b')).toEqual({ ok: true });
    expect(readWorkspaceList(storage).list).toEqual(defaultWorkspaceList());
    expect(events).toEqual(['mark:ws-b', 'sweep:1']);
    expect(await state.remove('default')).toEqual({
      ok: false,
      message: 'The last workspace cannot be deleted.',
    });
  });

  it('says so when a deleted workspace’s data cannot be removed yet', async () => {
    const list: WorkspaceList = {
      ...defaultWorkspaceList(),
      workspaces: [...defaultWorkspaceList().workspaces, { id: 'ws-b', name: 'B', createdAt: 0 }],
    };
    const { ports, storage } = fakePorts({ [WORKSPACES_KEY]: JSON.stringify(list) });
    const state = new WorkspaceState({
      ...ports,
      sweep: () => Promise.reject(new Error('UnknownError: disk')),
    });
    expect(await state.remove('ws-b')).toEqual({
      ok: false,
      message:
        'The workspace is deleted, but its data could not be removed yet (UnknownError: disk); the lab tries again at the next start.',
    });
    expect(readWorkspaceList(storage).list).toEqual(defaultWorkspaceList());
  });

  it('deleting the workspace in use opens another first; the next start sweeps it', async () => {
    const list: WorkspaceList = {
      version: 1,
      currentId: 'ws-b',
      workspaces: [...defaultWorkspaceList().workspaces, { id: 'ws-b', name: 'B', createdAt: 0 }],
    };
    const { ports, events } = fakePorts({ [WORKSPACES_KEY]: JSON.stringify(list) });
    const state = new WorkspaceState(ports);
    expect(state.opened.id).toBe('ws-b');
    expect((await state.lossOf('ws-b'))?.inUse).toBe(true);
    expect(await state.remove('ws-b')).toEqual({ ok: true });
    await settle();
    expect(events).toEqual(['mark:ws-b', 'reload:default']);
  });

  it('follows another tab: a switch there opens this page afresh, a rename only shows', async () => {
    const { ports, events, announce, listening } = fakePorts();
    const state = new WorkspaceState(ports);
    const stop = state.start();
    expect(events).toEqual(['sweep:1']);
    const renamed: WorkspaceList = {
      ...defaultWorkspaceList(),
      workspaces: [{ id: 'default', name: 'Renamed elsewhere', createdAt: 0 }],
    };
    announce(renamed);
    await settle();
    expect(state.workspaces[0]!.name).toBe('Renamed elsewhere');
    expect(events).toEqual(['sweep:1']);
    announce({
      version: 1,
      currentId: 'ws-b',
      workspaces: [...renamed.workspaces, { id: 'ws-b', name: 'B', createdAt: 0 }],
    });
    await settle();
    expect(events).toEqual(['sweep:1', 'reload:ws-b']);
    stop();
    expect(listening()).toBe(false);
  });

  it('reports an unreadable stored list, deletes nothing, and works on the default workspace', () => {
    const { ports, events, storage } = fakePorts({ [WORKSPACES_KEY]: 'not json' });
    const state = new WorkspaceState(ports);
    expect(state.problem).toMatch(/^The stored workspace list is not valid JSON/);
    state.start();
    expect(events).toEqual([]);
    expect(storage.map.get(WORKSPACES_KEY)).toBe('not json');
    expect(state.opened.id).toBe('default');
  });

  it('refuses every change where there is no localStorage to keep it', () => {
    const state = new WorkspaceState({ ...fakePorts().ports, storage: null });
    expect(state.create('Team B')).toEqual({
      ok: false,
      message: 'This browser keeps no localStorage, so workspaces cannot be kept.',
    });
  });
});
