import { z } from 'zod';
import type { WorkspaceList } from '../contracts/workspace';
import { openLearningStore } from './learning-store';
import { removeSettings } from './settings-storage';
import {
  learningDbName,
  pageStorage,
  sessionDbName,
  type KeyValueStorage,
} from './workspace-storage';

/**
 * Workspaces deleted whose databases are still to be removed. A workspace in use in this tab is
 * deleted after the page has let go of it: the ids wait here until the next start sweeps them.
 */
export const DELETING_KEY = 'agent-payment-lab:workspaces-deleting';

const IdListSchema = z.array(z.string().max(64)).max(100);

function globalFactory(): IDBFactory | null {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null;
}

/** How many outcomes the workspace's history holds, for the question asked before deleting it. */
export async function countOutcomes(
  workspaceId: string,
  factory: IDBFactory | null = globalFactory(),
): Promise<number> {
  const store = await openLearningStore({
    indexedDB: factory,
    dbName: learningDbName(workspaceId),
    channel: null,
  });
  try {
    return (await store.statistics()).totalOutcomes;
  } finally {
    store.close();
  }
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`${name} could not be deleted.`));
    // Blocked: a tab still holds it open. It lets go on `versionchange` and the delete goes on.
  });
}

function pendingIds(storage: KeyValueStorage | null): string[] {
  try {
    const parsed = IdListSchema.safeParse(JSON.parse(storage?.getItem(DELETING_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function writePending(storage: KeyValueStorage | null, ids: readonly string[]): void {
  try {
    if (ids.length === 0) storage?.removeItem(DELETING_KEY);
    else storage?.setItem(DELETING_KEY, JSON.stringify(ids.slice(-100)));
  } catch {
    // The sweep is retried on the next start only if this was kept; the data is merely orphaned.
  }
}

/** Notes that workspace `id`'s databases and settings are to be removed. */
export function markForDeletion(id: string, storage = pageStorage()): void {
  const ids = pendingIds(storage);
  if (!ids.includes(id)) writePending(storage, [...ids, id]);
}

/**
 * Removes the databases and settings of every workspace marked for deletion that is not in
 * `list` (a workspace that came back under the same id keeps its data). Returns the ids swept.
 */
export async function sweepDeleted(
  list: WorkspaceList,
  storage = pageStorage(),
  factory: IDBFactory | null = globalFactory(),
): Promise<string[]> {
  const known = new Set(list.workspaces.map((w) => w.id));
  const swept: string[] = [];
  for (const id of pendingIds(storage)) {
    if (!known.has(id)) {
      if (factory) {
        await deleteDatabase(factory, learningDbName(id));
        await deleteDatabase(factory, sessionDbName(id));
      }
      removeSettings(id, storage);
    }
    swept.push(id);
  }
  const left = pendingIds(storage).filter((id) => !swept.includes(id));
  writePending(storage, left);
  return swept;
}
