import { describe, expect, it } from 'vitest';
import {
  defaultWorkspaceList,
  WORKSPACE_LIMIT,
  type WorkspaceList,
} from '../../../src/contracts/workspace';
import {
  addWorkspace,
  copyName,
  removeWorkspace,
  renameWorkspace,
  selectWorkspace,
} from '../../../src/services/workspace-list';

function twoWorkspaces(): WorkspaceList {
  const added = addWorkspace(defaultWorkspaceList(), 'Team B', 'ws-b', 1000);
  if (!added.ok) throw new Error(added.message);
  return added.list;
}

describe('changing the workspace list', () => {
  it('adds a workspace with a trimmed name, leaving the current one in use', () => {
    const list = twoWorkspaces();
    expect(list.currentId).toBe('default');
    expect(list.workspaces.at(-1)).toEqual({ id: 'ws-b', name: 'Team B', createdAt: 1000 });
  });

  it('refuses a taken name or id and a list that is full, leaving the list as it was', () => {
    const list = twoWorkspaces();
    const before = structuredClone(list);
    expect(addWorkspace(list, 'team b', 'ws-c', 0)).toEqual({
      ok: false,
      message: 'Name: "Team B" is already taken by another workspace.',
    });
    expect(addWorkspace(list, 'Team C', 'ws-b', 0)).toEqual({
      ok: false,
      message: 'The id "ws-b" is already in use.',
    });
    let full: WorkspaceList = defaultWorkspaceList();
    for (let i = 1; i < WORKSPACE_LIMIT; i++) {
      const next = addWorkspace(full, `W${i}`, `w${i}`, 0);
      if (!next.ok) throw new Error(next.message);
      full = next.list;
    }
    expect(addWorkspace(full, 'One too many', 'w-x', 0)).toEqual({
      ok: false,
      message: `This device keeps at most ${WORKSPACE_LIMIT} workspaces.`,
    });
    expect(list).toEqual(before);
  });

  it('renames a workspace, refusing a name another one holds', () => {
    const list = twoWorkspaces();
    const renamed = renameWorkspace(list, 'ws-b', '  Team Bee ');
    expect(renamed.ok && renamed.list.workspaces[1]!.name).toBe('Team Bee');
    expect(renameWorkspace(list, 'ws-b', 'DEFAULT')).toMatchObject({ ok: false });
    expect(renameWorkspace(list, 'gone', 'X')).toEqual({
      ok: false,
      message: 'That workspace no longer exists.',
    });
  });

  it('selects only a workspace that exists', () => {
    const list = twoWorkspaces();
    const selected = selectWorkspace(list, 'ws-b');
    expect(selected.ok && selected.list.currentId).toBe('ws-b');
    expect(selectWorkspace(list, 'nope')).toMatchObject({ ok: false });
  });

  it('removes a workspace, handing "in use" to the first one left, but never the last', () => {
    const list = twoWorkspaces();
    const inB = selectWorkspace(list, 'ws-b');
    if (!inB.ok) throw new Error(inB.message);
    const removed = removeWorkspace(inB.list, 'ws-b');
    expect(removed).toEqual({ ok: true, list: defaultWorkspaceList() });
    const keptB = removeWorkspace(inB.list, 'default');
    expect(keptB.ok && keptB.list.currentId).toBe('ws-b');
    expect(removeWorkspace(defaultWorkspaceList(), 'default')).toEqual({
      ok: false,
      message: 'The last workspace cannot be deleted.',
    });
  });

  it('names a copy after its source with the first free suffix, within 60 characters', () => {
    const list = twoWorkspaces();
    expect(copyName(list, 'Team B')).toBe('Team B (copy)');
    const withCopy = addWorkspace(list, 'Team B (copy)', 'ws-c', 0);
    if (!withCopy.ok) throw new Error(withCopy.message);
    expect(copyName(withCopy.list, 'Team B')).toBe('Team B (copy 2)');
    const long = copyName(list, 'y'.repeat(60));
    expect(long).toHaveLength(60);
    expect(long.endsWith(' (copy)')).toBe(true);
  });
});
