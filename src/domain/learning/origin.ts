/** Imported history as foreign experience: marking records on the way in, and telling them apart. */
import { ORIGIN_FILE_NAME_MAX, type LearningRecord, type RecordOrigin } from '../../contracts';
import type { WorkspaceRef } from '../../contracts/workspace';
import { IMPORTED_WEIGHT } from '../reasoning/learning';
import type { OriginCount } from './statistics';

/** Where the records being imported come from. */
export interface ImportSource {
  /** When the import happens (epoch milliseconds). */
  importedAt: number;
  /** The workspace the file names as the one it was exported from. */
  workspace?: WorkspaceRef;
  /** The file's name, when known. */
  file?: string;
}

/** Control and bidirectional characters: a file name shown in a badge must read as it is. */
const UNSAFE_NAME_CHARS =
  // Matching control characters is the point of this pattern.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A file name fit to keep in an origin: unsafe characters dropped, trimmed, cut; or none. */
export function originFileName(name: string | undefined): string | undefined {
  if (typeof name !== 'string') return undefined;
  const clean = name.replace(UNSAFE_NAME_CHARS, '').trim();
  if (clean === '') return undefined;
  return clean.length > ORIGIN_FILE_NAME_MAX
    ? `${clean.slice(0, ORIGIN_FILE_NAME_MAX - 1)}…`
    : clean;
}

/** Whether a record is foreign experience (imported) rather than the agent's own. */
export function isImported(record: Pick<LearningRecord, 'origin'>): boolean {
  return record.origin?.kind === 'imported';
}

/**
 * The records of an import file, each marked as imported from `source`. A record marked already
 * keeps its first source: history passed on from workspace to workspace stays foreign and keeps
 * saying where it began. Workspace ids are not unique across devices (every install starts in
 * "default"), so a file naming this very workspace is no proof of the agent's own experience and
 * is marked too. Returns new record objects only where a mark was added.
 */
export function markImported(
  records: readonly LearningRecord[],
  source: ImportSource,
): LearningRecord[] {
  const file = originFileName(source.file);
  const origin: RecordOrigin = {
    kind: 'imported',
    importedAt: Math.max(0, Math.floor(source.importedAt)),
    ...(source.workspace
      ? { workspace: { id: source.workspace.id, name: source.workspace.name } }
      : {}),
    ...(file !== undefined ? { file } : {}),
  };
  return records.map((record) => (record.origin ? record : { ...record, origin }));
}

/** How the records split between the agent's own and imported ones. */
export function countByOrigin(records: readonly LearningRecord[]): {
  own: number;
  imported: number;
} {
  let imported = 0;
  for (const record of records) if (isImported(record)) imported += 1;
  return { own: records.length - imported, imported };
}

/**
 * What a decision for `actionType` under `pattern` should say about imported experience behind
 * it, or null when none of its experience is imported.
 */
export function importedExperienceNote(
  counts: readonly OriginCount[],
  pattern: string | undefined,
  actionType: string,
): string | null {
  const cell = counts.find((c) => c.pattern === pattern && c.actionType === actionType);
  if (!cell || cell.imported === 0) return null;
  const own = cell.own === 0 ? 'none of its own' : `${cell.own} of its own`;
  return `Experience with ${actionType} for ${pattern ?? 'this pattern'}: ${cell.imported} imported outcome(s) and ${own}; imported history is foreign experience and weighs ${IMPORTED_WEIGHT} of an own outcome.`;
}
