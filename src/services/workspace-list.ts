import {
  checkWorkspaceName,
  WORKSPACE_LIMIT,
  WorkspaceListSchema,
  type Workspace,
  type WorkspaceList,
} from '../contracts/workspace';

/** What a change to the list gave: the new list, or why it was refused (the list is unchanged). */
export type ListChange = { ok: true; list: WorkspaceList } | { ok: false; message: string };

function checked(list: WorkspaceList): ListChange {
  const parsed = WorkspaceListSchema.safeParse(list);
  return parsed.success
    ? { ok: true, list: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? 'The workspace list is not valid.' };
}

function find(list: WorkspaceList, id: string): Workspace | undefined {
  return list.workspaces.find((w) => w.id === id);
}

/** Adds a workspace named `name` with a fresh `id`; the current workspace stays as it is. */
export function addWorkspace(
  list: WorkspaceList,
  name: unknown,
  id: string,
  createdAt: number,
): ListChange {
  const check = checkWorkspaceName(name, list.workspaces);
  if (!check.ok) return check;
  if (list.workspaces.length >= WORKSPACE_LIMIT) {
    return { ok: false, message: `This device keeps at most ${WORKSPACE_LIMIT} workspaces.` };
  }
  if (find(list, id)) return { ok: false, message: `The id "${id}" is already in use.` };
  const workspace = { id, name: check.name, createdAt: Math.max(0, Math.floor(createdAt)) };
  return checked({ ...list, workspaces: [...list.workspaces, workspace] });
}

/** Gives workspace `id` a new name. */
export function renameWorkspace(list: WorkspaceList, id: string, name: unknown): ListChange {
  const target = find(list, id);
  if (!target) return { ok: false, message: 'That workspace no longer exists.' };
  const check = checkWorkspaceName(name, list.workspaces, id);
  if (!check.ok) return check;
  const workspaces = list.workspaces.map((w) => (w.id === id ? { ...w, name: check.name } : w));
  return checked({ ...list, workspaces });
}

/** Makes workspace `id` the one in use. */
export function selectWorkspace(list: WorkspaceList, id: string): ListChange {
  if (!find(list, id)) return { ok: false, message: 'That workspace no longer exists.' };
  return checked({ ...list, currentId: id });
}

/**
 * Removes workspace `id`; the last one cannot go. When it was the one in use, the first one
 * left takes its place.
 */
export function removeWorkspace(list: WorkspaceList, id: string): ListChange {
  if (!find(list, id)) return { ok: false, message: 'That workspace no longer exists.' };
  if (list.workspaces.length <= 1) {
    return { ok: false, message: 'The last workspace cannot be deleted.' };
  }
  const workspaces = list.workspaces.filter((w) => w.id !== id);
  const currentId = list.currentId === id ? workspaces[0]!.id : list.currentId;
  return checked({ ...list, currentId, workspaces });
}

/** A name for a copy of `name` that no workspace has yet: "name (copy)", "name (copy 2)", … */
export function copyName(list: WorkspaceList, name: string): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${name.slice(0, 60 - suffix.length).trimEnd()}${suffix}`;
    if (checkWorkspaceName(candidate, list.workspaces).ok) return candidate;
  }
}
