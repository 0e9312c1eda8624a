import { describe, expect, it } from 'vitest';
import {
  checkWorkspaceName,
  defaultWorkspaceList,
  WorkspaceListSchema,
  WorkspaceSchema,
} from '../../../src/contracts/workspace';

const taken = [
  { id: 'default', name: 'Default' },
  { id: 'ws-1', name: 'Payments EU' },
];

describe('workspace names', () => {
  it('are trimmed and kept when free', () => {
    expect(checkWorkspaceName('  Night shift ', taken)).toEqual({ ok: true, name: 'Night shift' });
    expect(checkWorkspaceName('x'.repeat(60), taken)).toEqual({ ok: true, name: 'x'.repeat(60) });
  });

  it('refuse empty, blank, too long, control characters and non-text, naming the field', () => {
    expect(checkWorkspaceName('', taken)).toEqual({
      ok: false,
      message: 'Name: a workspace needs a name.',
    });
    expect(checkWorkspaceName(' \t ', taken)).toMatchObject({ ok: false });
    expect(checkWorkspaceName('x'.repeat(61), taken)).toEqual({
      ok: false,
      message: 'Name: at most 60 characters.',
    });
    expect(checkWorkspaceName('Team\u0007A', taken)).toEqual({
      ok: false,
      message: 'Name: control characters are not allowed.',
    });
    expect(checkWorkspaceName('Team\u009bA', taken)).toMatchObject({ ok: false });
    expect(checkWorkspaceName(42, taken)).toEqual({ ok: false, message: 'Name: expected text.' });
  });

  it('refuse a name taken by another workspace, whatever its case or spacing', () => {
    expect(checkWorkspaceName(' payments eu ', taken)).toEqual({
      ok: false,
      message: 'Name: "Payments EU" is already taken by another workspace.',
    });
    expect(checkWorkspaceName('DEFAULT', taken)).toMatchObject({ ok: false });
  });

  it('let a workspace keep its own name (or change only its case) when renamed', () => {
    expect(checkWorkspaceName('PAYMENTS EU', taken, 'ws-1')).toEqual({
      ok: true,
      name: 'PAYMENTS EU',
    });
    expect(checkWorkspaceName('Default', taken, 'ws-1')).toMatchObject({ ok: false });
  });
});

describe('the workspace contract', () => {
  it('accepts a workspace and refuses ids that could not name a database', () => {
    expect(WorkspaceSchema.parse({ id: 'ws-k1-abc', name: ' A ', createdAt: 5 })).toEqual({
      id: 'ws-k1-abc',
      name: 'A',
      createdAt: 5,
    });
    for (const id of ['', 'Team A', 'ws/../x', '-x', 'x'.repeat(65)]) {
      expect(WorkspaceSchema.safeParse({ id, name: 'A', createdAt: 0 }).success, id).toBe(false);
    }
    expect(WorkspaceSchema.safeParse({ id: 'a', name: 'A', createdAt: -1 }).success).toBe(false);
  });

  it('starts a device with the default workspace alone, in use', () => {
    const list = defaultWorkspaceList();
    expect(WorkspaceListSchema.parse(list)).toEqual({
      version: 1,
      currentId: 'default',
      workspaces: [{ id: 'default', name: 'Default', createdAt: 0 }],
    });
  });

  it('refuses a list with a repeated id or name, an unknown current id, or no workspace', () => {
    const a = { id: 'a', name: 'Alpha', createdAt: 0 };
    const issues = (value: unknown) => {
      const result = WorkspaceListSchema.safeParse(value);
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ version: 1, currentId: 'a', workspaces: [a, { ...a, name: 'Beta' }] })).toEqual(
      ['workspaces.1.id: the id "a" is used twice'],
    );
    expect(
      issues({
        version: 1,
        currentId: 'a',
        workspaces: [a, { id: 'b', name: 'ALPHA', createdAt: 0 }],
      }),
    ).toEqual(['workspaces.1.name: the name "ALPHA" is used twice']);
    expect(issues({ version: 1, currentId: 'zz', workspaces: [a] })).toEqual([
      'currentId: no workspace has the id "zz"',
    ]);
    expect(issues({ version: 1, currentId: 'a', workspaces: [] })).toHaveLength(2);
    expect(issues({ version: 2, currentId: 'a', workspaces: [a] })).toHaveLength(1);
  });
});
