import {
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningHistorySchema,
  parseContract,
  type LearningRecord,
} from '../../contracts';
import type { WorkspaceRef } from '../../contracts/workspace';

/** Records serialised per part: a part is small enough to build without holding much at once. */
export const EXPORT_PART_RECORDS = 500;

/** The checked envelope of an export written at `now`, naming its workspace when given. */
function exportHeader(now: number, workspace?: WorkspaceRef) {
  return parseContract(
    LearningHistorySchema.pick({ format: true, version: true, exportedAt: true, workspace: true }),
    {
      format: LEARNING_HISTORY_FORMAT,
      version: LEARNING_HISTORY_VERSION,
      exportedAt: Math.floor(now),
      ...(workspace ? { workspace } : {}),
    },
    'learning history',
  );
}

/**
 * The versioned export file of records already parsed, as parts to put in a Blob as they are,
 * each id once (the first copy kept), with the number of records written. Joined, the parts are
 * `JSON.stringify({format, version, exportedAt, workspace?, records})`; only the envelope is checked again.
 */
export function historyFileParts(
  records: readonly LearningRecord[],
  now: number,
  workspace?: WorkspaceRef,
): { parts: string[]; count: number } {
  const seen = new Set<string>();
  const unique = records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const header = JSON.stringify(exportHeader(now, workspace));
  const parts = [`${header.slice(0, -1)},"records":[`];
  for (let start = 0; start < unique.length; start += EXPORT_PART_RECORDS) {
    const chunk = JSON.stringify(unique.slice(start, start + EXPORT_PART_RECORDS)).slice(1, -1);
    parts.push(start > 0 ? `,${chunk}` : chunk);
  }
  parts.push(']}');
  return { parts, count: unique.length };
}
