import { formatZodError } from '../contracts/common';
import {
  DEFAULT_WORKSPACE_ID,
  defaultWorkspaceList,
  WorkspaceListSchema,
  type Workspace,
  type WorkspaceList,
  type WorkspaceRef,
} from '../contracts/workspace';

/**
 * The localStorage key of the workspace list. localStorage rather than IndexedDB: the list must
 * be known, synchronously, before the page chooses which settings to read and which databases to
 * open, and its `storage` event tells every other tab of a switch without any extra wiring.
 */
export const WORKSPACES_KEY = 'agent-payment-lab:workspaces';

/** The learning history database of the default workspace: the name it always had. */
const DEFAULT_LEARNING_DB = 'agent-payment-lab';
/** The live session database of the default workspace: the name it always had. */
const DEFAULT_SESSION_DB = 'agent-payment-lab-session';

/** The IndexedDB database that holds a workspace's learning history. */
export function learningDbName(workspaceId: string): string {
  return workspaceId === DEFAULT_WORKSPACE_ID
    ? DEFAULT_LEARNING_DB
    : `${DEFAULT_LEARNING_DB}:ws:${workspaceId}`;
}

/** The IndexedDB database that holds a workspace's live session (last scenario or script). */
export function sessionDbName(workspaceId: string): string {
  return workspaceId === DEFAULT_WORKSPACE_ID
    ? DEFAULT_SESSION_DB
    : `${DEFAULT_SESSION_DB}:ws:${workspaceId}`;
}

/** The part of Storage the workspace list needs; the page's localStorage or a Map in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's localStorage, or null where there is none (Node, storage turned off). */
export function pageStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What reading the stored list found: the list, and why a stored one was not used. */
export interface WorkspaceListRead {
  list: WorkspaceList;
  /** Set when a stored list could not be read; it is left in storage untouched. */
  problem: string | null;
}

/** Reads the workspace list; nothing stored means the default workspace alone. */
export function readWorkspaceList(storage = pageStorage()): WorkspaceListRead {
  let raw: string | null;
  try {
    raw = storage?.getItem(WORKSPACES_KEY) ?? null;
  } catch {
    raw = null;
  }
  if (raw === null) return { list: defaultWorkspaceList(), problem: null };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {
      list: defaultWorkspaceList(),
      problem: 'The stored workspace list is not valid JSON; the default workspace is in use.',
    };
  }
  const parsed = WorkspaceListSchema.safeParse(data);
  return parsed.success
    ? { list: parsed.data, problem: null }
    : {
        list: defaultWorkspaceList(),
        problem: `The stored workspace list could not be read (${formatZodError(parsed.error, 2)}); the default workspace is in use.`,
      };
}

/** Stores the list after checking it, so nothing malformed is ever written; throws if refused. */
export function writeWorkspaceList(list: WorkspaceList, storage = pageStorage()): void {
  const checked = WorkspaceListSchema.parse(list);
  storage?.setItem(WORKSPACES_KEY, JSON.stringify(checked));
}

/** The workspace in use on this device. */
export function currentWorkspace(storage = pageStorage()): Workspace {
  const { list } = readWorkspaceList(storage);
  return list.workspaces.find((w) => w.id === list.currentId) ?? list.workspaces[0]!;
}

/** The workspace in use, as a history file names it. */
export function currentWorkspaceRef(storage = pageStorage()): WorkspaceRef {
  const { id, name } = currentWorkspace(storage);
  return { id, name };
}

/** A new workspace id: random, so two tabs creating at once never pick the same one. */
export function newWorkspaceId(random: () => number, now: number): string {
  const time = Math.max(0, Math.floor(now)).toString(36);
  const noise = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `ws-${time}-${noise}`;
}

/**
 * Calls `listener` with the new list whenever another tab changes it (the `storage` event only
 * fires in the other tabs); returns the unsubscribe.
 */
export function onWorkspaceListChange(
  listener: (read: WorkspaceListRead) => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined = globalThis.window,
): () => void {
  if (!target) return () => undefined;
  const handle = (event: StorageEvent) => {
    // A null key means another tab cleared all of localStorage.
    if (event.key === WORKSPACES_KEY || event.key === null) listener(readWorkspaceList());
  };
  target.addEventListener('storage', handle);
  return () => target.removeEventListener('storage', handle);
}

/**
 * Opens the page afresh in the workspace now current. A new page load is how a switch isolates
 * workspaces: every setting, store, worker and in-memory view is built again for the new one, so
 * nothing of the old workspace can linger. The link's scenario is dropped, so that the
 * workspace's own last scenario is the one restored.
 */
export function reloadPage(): void {
  const { location } = globalThis;
  location.replace(location.pathname);
}
