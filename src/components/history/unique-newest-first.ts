import type { LearningRecord } from '../../contracts';

/**
 * The records newest first with each id once (the newest copy kept), so that the table's keyed
 * rows can never meet a repeated key, whatever storage or an import handed over.
 */
export function uniqueNewestFirst(records: readonly LearningRecord[]): LearningRecord[] {
  const seen = new Set<string>();
  const out: LearningRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    out.push(record);
  }
  return out;
}
