/** Reading the records out of a parsed history file: the envelope, the version ladder, each record. */
import type { z } from 'zod';
import {
  ActionOutcomeSchema,
  EpochMillis,
  formatPath,
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningRecordSchema,
  type ActionOutcome,
  type LearningRecord,
} from '../../contracts';
import { WorkspaceRefSchema, type WorkspaceRef } from '../../contracts/workspace';
import { quote } from '../execution/safe-input';
import { DroppedKeys, MAX_PROBLEMS } from './history-file-checks';
import { migrateV0Outcome, v0ActionType } from './history-file-v0';

/** The most records one file may hold. */
export const MAX_RECORDS = 1_000_000;

/** The fields of the current envelope; any other top-level key is dropped (and said so). */
const ENVELOPE_KEYS = ['format', 'version', 'exportedAt', 'workspace', 'records'];

type Path = (string | number)[];

/** Values, or the refusal; `exhausted` when checking stopped at MAX_PROBLEMS issues. */
export type Validated<T> =
  { ok: true; values: T[] } | { ok: false; message: string; exhausted?: boolean };

function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Validates items one at a time and stops after MAX_PROBLEMS issues, so that a huge file of
 * broken records is refused at once instead of collecting every issue of every record.
 */
export function validateEach<T>(
  items: unknown,
  schema: z.ZodType<T>,
  path: Path,
  dropped: DroppedKeys,
): Validated<T> {
  if (!Array.isArray(items)) {
    return { ok: false, message: `${formatPath(path)}: expected a list, got ${quote(items)}` };
  }
  if (items.length > MAX_RECORDS) {
    return {
      ok: false,
      message: `${formatPath(path)}: ${items.length} entries, more than the ${MAX_RECORDS} a history may hold`,
    };
  }
  const values: T[] = [];
  const problems: string[] = [];
  for (let i = 0; i < items.length && problems.length < MAX_PROBLEMS; i++) {
    const result = schema.safeParse(items[i]);
    if (result.success) {
      values.push(result.data);
      dropped.compare(items[i], result.data, [...path, i]);
    } else {
      for (const issue of result.error.issues) {
        problems.push(`${formatPath([...path, i, ...issue.path])}: ${issue.message}`);
      }
    }
  }
  if (problems.length === 0) return { ok: true, values };
  const first = problems[0]!.length > 200 ? `${problems[0]!.slice(0, 199)}…` : problems[0]!;
  const more =
    problems.length >= MAX_PROBLEMS
      ? ` (and more problems; checking stopped after ${MAX_PROBLEMS})`
      : problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})`
        : '';
  return { ok: false, message: first + more, exhausted: problems.length >= MAX_PROBLEMS };
}

/** Reads v0 outcomes into v1 records, or names the first outcome that cannot be migrated. */
function migrateV0(outcomes: unknown, path: Path, dropped: DroppedKeys): Validated<LearningRecord> {
  const parsed = validateEach<ActionOutcome>(outcomes, ActionOutcomeSchema, path, dropped);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `This version 0 history does not match the prototype's outcome format: ${parsed.message}`,
      exhausted: parsed.exhausted ?? false,
    };
  }
  const records: LearningRecord[] = [];
  for (const [i, outcome] of parsed.values.entries()) {
    const type = v0ActionType(outcome);
    if (!type) {
      return {
        ok: false,
        message: `${formatPath([...path, i, 'actionId'])}: cannot tell the action type of ${quote(outcome.actionId)} (expected action_<type>_<timestamp> or an actionType field)`,
      };
    }
    records.push(migrateV0Outcome(outcome, type));
  }
  return { ok: true, values: records };
}

/** The envelope's own problem (format, version, exportedAt), or the records it carries. */
export function readRecords(
  data: unknown,
  dropped: DroppedKeys,
):
  | {
      ok: true;
      records: Validated<LearningRecord>;
      path: Path;
      migratedFrom?: number;
      exportedAt?: number;
      workspace?: WorkspaceRef;
    }
  | { ok: false; message: string } {
  if (Array.isArray(data))
    return { ok: true, records: migrateV0(data, [], dropped), path: [], migratedFrom: 0 };
  if (data === null || typeof data !== 'object') {
    return {
      ok: false,
      message: `This is not a learning history file: expected an object, got ${quote(data)}.`,
    };
  }
  const format = own(data, 'format');
  const version = own(data, 'version');
  if (format === undefined && Array.isArray(own(data, 'outcomes'))) {
    dropped.compare(data, { outcomes: [] }, []);
    return {
      ok: true,
      records: migrateV0(own(data, 'outcomes'), ['outcomes'], dropped),
      path: ['outcomes'],
      migratedFrom: 0,
    };
  }
  if (format !== LEARNING_HISTORY_FORMAT) {
    return {
      ok: false,
      message: `format: this is not a learning history file of the lab (format is ${quote(format, 60)}, expected "${LEARNING_HISTORY_FORMAT}").`,
    };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      message: `version: expected a whole number of at least 0, got ${quote(version)}.`,
    };
  }
  if (version > LEARNING_HISTORY_VERSION) {
    return {
      ok: false,
      message: `This history was written by a newer version (v${version}) of the lab; this build reads up to v${LEARNING_HISTORY_VERSION}`,
    };
  }
  // The migration ladder: each older version is brought up one step at a time.
  if (version === 0) {
    dropped.compare(data, { format, version, outcomes: [] }, []);
    return {
      ok: true,
      records: migrateV0(own(data, 'outcomes'), ['outcomes'], dropped),
      path: ['outcomes'],
      migratedFrom: 0,
    };
  }
  const exportedAt = EpochMillis.safeParse(own(data, 'exportedAt'));
  if (!exportedAt.success) {
    return {
      ok: false,
      message: `The history file is invalid: exportedAt: ${exportedAt.error.issues[0]?.message ?? 'invalid'}`,
    };
  }
  const workspace = WorkspaceRefSchema.optional().safeParse(own(data, 'workspace'));
  if (!workspace.success) {
    const issue = workspace.error.issues[0];
    return {
      ok: false,
      message: `The history file is invalid: ${formatPath(['workspace', ...(issue?.path ?? [])])}: ${issue?.message ?? 'invalid'}`,
    };
  }
  dropped.compare(data, Object.fromEntries(ENVELOPE_KEYS.map((k) => [k, own(data, k)])), []);
  const records = validateEach<LearningRecord>(
    own(data, 'records'),
    LearningRecordSchema,
    ['records'],
    dropped,
  );
  return {
    ok: true,
    records: records.ok
      ? records
      : {
          ok: false,
          message: `The history file is invalid: ${records.message}`,
          exhausted: records.exhausted ?? false,
        },
    path: ['records'],
    exportedAt: exportedAt.data,
    ...(workspace.data ? { workspace: workspace.data } : {}),
  };
}
