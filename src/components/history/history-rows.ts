import type {
  ActionType,
  LearningRecord,
  PatternType,
  RecordOrigin,
  RecordStatus,
} from '../../contracts';

/** Whose experience a record is: the agent's own, or imported from elsewhere. */
export type RecordSource = 'own' | 'imported';

/** What the history table is filtered by; null in a field means any. */
export interface HistoryFilter {
  status: RecordStatus | null;
  action: ActionType | null;
  pattern: PatternType | null;
  source: RecordSource | null;
  /** Show each do-nothing cycle as its own row instead of folding runs of them into one. */
  showIdle: boolean;
}

/** The filter the table opens with: everything, do-nothing cycles folded. */
export const DEFAULT_HISTORY_FILTER: HistoryFilter = {
  status: null,
  action: null,
  pattern: null,
  source: null,
  showIdle: false,
};

/** Whose experience the record is. */
export function sourceOf(record: Pick<LearningRecord, 'origin'>): RecordSource {
  return record.origin?.kind === 'imported' ? 'imported' : 'own';
}

/** The longest file name a badge shows in full; its tooltip always has the whole name. */
const BADGE_FILE_MAX = 24;

/** How an imported record's badge reads, and the longer line its tooltip gives. */
export function originBadge(origin: RecordOrigin): { text: string; title: string } {
  const where = origin.workspace
    ? `the workspace "${origin.workspace.name}"`
    : origin.file !== undefined
      ? `the file ${origin.file}`
      : 'a history file';
  const file = origin.workspace && origin.file !== undefined ? ` (file ${origin.file})` : '';
  const shortFile =
    origin.file !== undefined && origin.file.length > BADGE_FILE_MAX
      ? `${origin.file.slice(0, BADGE_FILE_MAX - 1)}…`
      : origin.file;
  const when = new Date(origin.importedAt).toISOString().slice(0, 16).replace('T', ' ');
  return {
    text: origin.workspace
      ? `imported · ${origin.workspace.name}`
      : origin.file !== undefined
        ? `imported · ${shortFile}`
        : 'imported',
    title: `Imported from ${where}${file} on ${when} UTC: foreign experience, weighted below the agent's own`,
  };
}

/** One row of the history table: a record, or a run of idle do-nothing cycles folded into one. */
export type HistoryRow =
  | { kind: 'record'; key: string; record: LearningRecord }
  | {
      kind: 'idle';
      key: string;
      count: number;
      /** Newest and oldest recordedAt of the run (rows are newest first). */
      newestAt: number;
      oldestAt: number;
      newestCycle: number | null;
      oldestCycle: number | null;
    };

function matches(record: LearningRecord, filter: HistoryFilter): boolean {
  return (
    (filter.status === null || record.status === filter.status) &&
    (filter.action === null || record.actionType === filter.action) &&
    (filter.pattern === null || record.pattern === filter.pattern) &&
    (filter.source === null || sourceOf(record) === filter.source)
  );
}

/**
 * The table's rows for records given newest first: the filter applied, then each run of
 * consecutive do-nothing records folded into one row unless idle cycles are shown (a do-nothing
 * filter shows them one by one: asking for them means wanting to see them).
 */
export function historyRows(
  newestFirst: readonly LearningRecord[],
  filter: HistoryFilter,
): HistoryRow[] {
  const fold = !filter.showIdle && filter.action !== 'do_nothing';
  const rows: HistoryRow[] = [];
  for (const record of newestFirst) {
    if (!matches(record, filter)) continue;
    if (!fold || record.actionType !== 'do_nothing') {
      rows.push({ kind: 'record', key: record.id, record });
      continue;
    }
    const last = rows.at(-1);
    if (last?.kind === 'idle') {
      last.count += 1;
      last.oldestAt = record.recordedAt;
      last.oldestCycle = record.cycle ?? last.oldestCycle;
    } else {
      rows.push({
        kind: 'idle',
        key: `idle:${record.id}`,
        count: 1,
        newestAt: record.recordedAt,
        oldestAt: record.recordedAt,
        newestCycle: record.cycle ?? null,
        oldestCycle: record.cycle ?? null,
      });
    }
  }
  return rows;
}

/** The distinct values of one field across the records, in first-seen order, for a filter menu. */
export function valuesOf<K extends 'status' | 'actionType' | 'pattern'>(
  records: readonly LearningRecord[],
  field: K,
): LearningRecord[K][] {
  return [...new Set(records.map((r) => r[field]))];
}
