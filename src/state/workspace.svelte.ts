import type { Workspace, WorkspaceList } from '../contracts/workspace';
import { copySettings } from '../services/settings-storage';
import { countOutcomes, markForDeletion, sweepDeleted } from '../services/workspace-data';
import {
  addWorkspace,
  copyName,
  removeWorkspace,
  renameWorkspace,
  selectWorkspace,
  type ListChange,
} from '../services/workspace-list';
import {
  newWorkspaceId,
  onWorkspaceListChange,
  pageStorage,
  readWorkspaceList,
  reloadPage,
  writeWorkspaceList,
  type KeyValueStorage,
  type WorkspaceListRead,
} from '../services/workspace-storage';

/** Everything the workspace state touches; the page's by default, fakes in tests. */
export interface WorkspacePorts {
  storage: KeyValueStorage | null;
  now: () => number;
  random: () => number;
  /** Opens the page afresh in the workspace now current. */
  reload: () => void;
  countOutcomes: (workspaceId: string) => Promise<number>;
  copySettings: (fromId: string, toId: string) => void;
  markForDeletion: (workspaceId: string) => void;
  sweep: (list: WorkspaceList) => Promise<string[]>;
  /** Follows changes made in other tabs; returns the unsubscribe. */
  listen: (listener: (read: WorkspaceListRead) => void) => () => void;
}

/** The page's own storage, clock, randomness and reload. */
export function browserWorkspacePorts(): WorkspacePorts {
  const storage = pageStorage();
  return {
    storage,
    now: () => Date.now(),
    random: () => Math.random(),
    reload: reloadPage,
    countOutcomes: (id) => countOutcomes(id),
    copySettings: (from, to) => copySettings(from, to, storage),
    markForDeletion: (id) => markForDeletion(id, storage),
    sweep: (list) => sweepDeleted(list, storage),
    listen: (listener) => onWorkspaceListChange(listener),
  };
}

/** What an action on the workspaces gave: nothing to say, or why it was refused. */
export type WorkspaceResult = { ok: true } | { ok: false; message: string };

/** What deleting a workspace would lose, for the question asked first. */
export interface DeletionLoss {
  workspace: Workspace;
  outcomes: number;
  /** Whether it is the workspace in use (the page then opens another). */
  inUse: boolean;
}

/**
 * The workspaces of this device and the one in use. The page is opened in one workspace and
 * stays in it: switching (here or in another tab) opens the page afresh in the new one.
 */
export class WorkspaceState {
  list = $state.raw<WorkspaceList>(readWorkspaceList(null).list);
  /** Why the stored list could not be read (it is replaced by the next change), or null. */
  problem = $state<string | null>(null);
  /** The workspace this page was opened in: its history, settings and session are loaded. */
  readonly opened: Workspace;
  readonly workspaces = $derived(this.list.workspaces);
  /** Runs before the page leaves this workspace, so that what it holds (the session) is kept. */
  beforeLeave: () => Promise<void> = () => Promise.resolve();

  private readonly ports: WorkspacePorts;

  constructor(ports: WorkspacePorts = browserWorkspacePorts()) {
    this.ports = ports;
    const read = readWorkspaceList(ports.storage);
    this.list = read.list;
    this.problem = read.problem
      ? `${read.problem} Creating or changing a workspace replaces it.`
      : null;
    this.opened = read.list.workspaces.find((w) => w.id === read.list.currentId)!;
  }

  /** Follows other tabs (a switch there opens this page afresh too) and finishes deletions. */
  start(): () => void {
    if (!this.problem) void this.ports.sweep(this.list).catch(() => undefined);
    return this.ports.listen((read) => {
      if (read.problem) return;
      if (read.list.currentId !== this.opened.id) void this.leave();
      else this.list = read.list;
    });
  }

  /** Creates a workspace with default settings and an empty history, and opens it. */
  create(name: string): WorkspaceResult {
    const id = newWorkspaceId(this.ports.random, this.ports.now());
    const added = addWorkspace(this.list, name, id, this.ports.now());
    if (!added.ok) return added;
    return this.commit(selectWorkspace(added.list, id), true);
  }

  /** Copies a workspace's settings (not its history nor its session) into a new one, and opens it. */
  duplicate(sourceId: string, name?: string): WorkspaceResult {
    const source = this.list.workspaces.find((w) => w.id === sourceId);
    if (!source) return { ok: false, message: 'That workspace no longer exists.' };
    const id = newWorkspaceId(this.ports.random, this.ports.now());
    const added = addWorkspace(
      this.list,
      name ?? copyName(this.list, source.name),
      id,
      this.ports.now(),
    );
    if (!added.ok) return added;
    this.ports.copySettings(sourceId, id);
    return this.commit(selectWorkspace(added.list, id), true);
  }

  /** The name a copy of workspace `id` is offered: "name (copy)", or the next one free. */
  copyNameOf(id: string): string {
    const source = this.list.workspaces.find((w) => w.id === id);
    return source ? copyName(this.list, source.name) : '';
  }

  /** Renames a workspace; the page stays where it is. */
  rename(id: string, name: string): WorkspaceResult {
    return this.commit(renameWorkspace(this.list, id, name), false);
  }

  /** Opens the page in another workspace. */
  switchTo(id: string): WorkspaceResult {
    if (id === this.opened.id) return { ok: true };
    return this.commit(selectWorkspace(this.list, id), true);
  }

  /** What deleting `id` would lose: its outcomes and its settings. */
  async lossOf(id: string): Promise<DeletionLoss | null> {
    const workspace = this.list.workspaces.find((w) => w.id === id);
    if (!workspace) return null;
    const outcomes = await this.ports.countOutcomes(id);
    return { workspace, outcomes, inUse: id === this.opened.id };
  }

  /** Deletes a workspace with its history, settings and session; the last one cannot go. */
  async remove(id: string): Promise<WorkspaceResult> {
    const change = removeWorkspace(this.list, id);
    if (!change.ok) return change;
    // Marked before the list changes, so a tab closed halfway still sweeps it on its next start.
    this.ports.markForDeletion(id);
    const inUse = id === this.opened.id;
    const result = this.commit(change, inUse);
    if (!result.ok || inUse) return result;
    try {
      await this.ports.sweep(this.list);
    } catch (error) {
      // Still marked: the next start tries again.
      return {
        ok: false,
        message: `The workspace is deleted, but its data could not be removed yet (${error instanceof Error ? error.message : String(error)}); the lab tries again at the next start.`,
      };
    }
    return result;
  }

  private commit(change: ListChange, reload: boolean): WorkspaceResult {
    if (!change.ok) return change;
    if (!this.ports.storage) {
      return {
        ok: false,
        message: 'This browser keeps no localStorage, so workspaces cannot be kept.',
      };
    }
    try {
      writeWorkspaceList(change.list, this.ports.storage);
    } catch (error) {
      return {
        ok: false,
        message: `The workspaces could not be saved: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    this.list = change.list;
    this.problem = null;
    if (reload) void this.leave();
    return { ok: true };
  }

  /** Keeps what must be kept, then opens the page afresh in the workspace now current. */
  private async leave(): Promise<void> {
    try {
      await this.beforeLeave();
    } catch {
      // What could not be kept is lost either way; staying in a workspace no longer current is worse.
    }
    this.ports.reload();
  }
}
