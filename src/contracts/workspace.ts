import { z } from 'zod';
import { EpochMillis } from './common';

/** The id of the workspace every existing install starts in; it keeps today's storage names. */
export const DEFAULT_WORKSPACE_ID = 'default';

/** The name the default workspace gets when nothing was stored yet. */
export const DEFAULT_WORKSPACE_NAME = 'Default';

/** The longest workspace name, in characters. */
export const WORKSPACE_NAME_MAX = 60;

/** The most workspaces one device keeps; each one holds two databases. */
export const WORKSPACE_LIMIT = 50;

// C0 and C1 control characters, DEL included: none of them belongs in a name shown in a header.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A workspace id: short, lower-case letters, digits and dashes, because it becomes part of
 * database names and localStorage keys.
 */
export const WorkspaceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected 1–64 lower-case letters, digits or dashes');

/** A workspace name: trimmed, 1–60 characters, no control characters. */
export const WorkspaceNameSchema = z
  .string({ error: 'expected text' })
  .trim()
  .min(1, 'a workspace needs a name')
  .max(WORKSPACE_NAME_MAX, `at most ${WORKSPACE_NAME_MAX} characters`)
  .refine((name) => !CONTROL_CHARACTER.test(name), 'control characters are not allowed');

/** One tenant of the lab: its own history, settings and last scenario live under its id. */
export const WorkspaceSchema = z.object({
  id: WorkspaceIdSchema,
  name: WorkspaceNameSchema,
  createdAt: EpochMillis,
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** How a history file names the workspace it was exported from. */
export const WorkspaceRefSchema = WorkspaceSchema.pick({ id: true, name: true });
export type WorkspaceRef = z.infer<typeof WorkspaceRefSchema>;

/** Version of the stored workspace list. */
export const WORKSPACE_LIST_VERSION = 1;

/** Folds a name for the uniqueness rule: "Team A" and "team a" are the same name. */
export function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}

/**
 * The stored list of workspaces and the one in use: at least one workspace, ids and names
 * (case-insensitively) unique, and the current id one of them.
 */
export const WorkspaceListSchema = z
  .object({
    version: z.literal(WORKSPACE_LIST_VERSION),
    currentId: WorkspaceIdSchema,
    workspaces: z.array(WorkspaceSchema).min(1).max(WORKSPACE_LIMIT),
  })
  .superRefine((list, context) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    list.workspaces.forEach((workspace, index) => {
      if (ids.has(workspace.id)) {
        context.addIssue({
          code: 'custom',
          message: `the id "${workspace.id}" is used twice`,
          path: ['workspaces', index, 'id'],
        });
      }
      if (names.has(nameKey(workspace.name))) {
        context.addIssue({
          code: 'custom',
          message: `the name "${workspace.name}" is used twice`,
          path: ['workspaces', index, 'name'],
        });
      }
      ids.add(workspace.id);
      names.add(nameKey(workspace.name));
    });
    if (!ids.has(list.currentId)) {
      context.addIssue({
        code: 'custom',
        message: `no workspace has the id "${list.currentId}"`,
        path: ['currentId'],
      });
    }
  });
export type WorkspaceList = z.infer<typeof WorkspaceListSchema>;

/** What checking a proposed name gave: the name as it will be kept, or why it is refused. */
export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

/**
 * Checks a proposed workspace name against the rules and against the names already taken
 * (`exceptId` is the workspace being renamed, whose own name does not count as taken).
 */
export function checkWorkspaceName(
  input: unknown,
  taken: readonly Pick<Workspace, 'id' | 'name'>[],
  exceptId?: string,
): NameCheck {
  const parsed = WorkspaceNameSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, message: `Name: ${parsed.error.issues[0]?.message ?? 'not valid'}.` };
  }
  const name = parsed.data;
  const clash = taken.find((w) => w.id !== exceptId && nameKey(w.name) === nameKey(name));
  if (clash) {
    return { ok: false, message: `Name: "${clash.name}" is already taken by another workspace.` };
  }
  return { ok: true, name };
}

/** The list a device starts with: the default workspace alone. */
export function defaultWorkspaceList(createdAt = 0): WorkspaceList {
  return {
    version: WORKSPACE_LIST_VERSION,
    currentId: DEFAULT_WORKSPACE_ID,
    workspaces: [{ id: DEFAULT_WORKSPACE_ID, name: DEFAULT_WORKSPACE_NAME, createdAt }],
  };
}
