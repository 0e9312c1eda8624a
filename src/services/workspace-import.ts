import type { WorkspaceRef } from '../contracts/workspace';

/**
 * The question to ask before a history file is merged into `here`, or null when there is
 * nothing to ask: the file names no workspace (it predates workspaces) or names this one.
 */
export function foreignImportQuestion(
  file: WorkspaceRef | undefined,
  here: WorkspaceRef,
): string | null {
  if (!file || file.id === here.id) return null;
  return `This history was exported from the workspace "${file.name}", not from "${here.name}", the one in use. Merge its records into "${here.name}"?`;
}

/** What the import says when the user would not merge a file from another workspace. */
export function foreignImportDeclined(file: WorkspaceRef, here: WorkspaceRef): string {
  return `Import cancelled: the file comes from the workspace "${file.name}"; nothing was merged into "${here.name}".`;
}
