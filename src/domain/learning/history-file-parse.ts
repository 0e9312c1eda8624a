import type { z } from 'zod';
import {
  ActionOutcomeSchema,
  EpochMillis,
  formatPath,
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningRecordSchema,
  type ActionOutcome,
  type LearningHistory,
  type LearningRecord,
} from '../../contracts';
import { WorkspaceRefSchema } from '../../contracts/workspace';
import { findUnsafeKey, quote } from '../execution/safe-input';
import {
  DroppedKeys,
  forbiddenText,
  MAX_PROBLEMS,
  underflowedNumbers,
  uniqueRecords,
} from './history-file-checks';
import { migrateV0Outcome, v0ActionType } from './history-file-v0';

/** A history file read and validated: the history (migrated to the current version). */
export interface AcceptedHistoryFile {
  ok: true;
  history: LearningHistory;
  migratedFrom?: number;
  /** Repeats of a record (same id, same contents) merged into one. */
  merged: number;
  /** What reading changed or dropped, one short sentence each, for the import summary. */
  changes: string[];
}

/** What reading a history file gave: the history or why not. */
export type ParsedHistoryFile = AcceptedHistoryFile | { ok: false; message: string };

/** What the caller knows about how the text was decoded. */
export interface ParseHistoryOptions {
  /** The file's bytes were not valid UTF-8 and the decoder put U+FFFD in their place. */
  replacedInvalidUtf8?: boolean;
}

/** Text that may spell a prototype-polluting key: the key itself, or any \u escape. */
const UNSAFE_KEY_TEXT = /\\u|"(?:__proto__|constructor|prototype)"/;

/** The deepest nesting a history file may have; real files stay well under 16 levels. */
const MAX_DEPTH = 32;

/** The most records one file may hold. */
const MAX_RECORDS = 1_000_000;

/** The fields of the current envelope; any other top-level key is dropped (and said so). */
const ENVELOPE_KEYS = ['format', 'version', 'exportedAt', 'workspace', 'records'];

type Path = (string | number)[];
type Validated<T> = { ok: true; values: T[] } | { ok: false; message: string };

function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Validates items one at a time and stops after MAX_PROBLEMS issues, so that a huge file of
 * broken records is refused at once instead of collecting every issue of every record.
 */
function validateEach<T>(
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
  return { ok: false, message: first + more };
}

/** Whether JSON text nests objects and arrays deeper than `limit` (brackets in strings ignored). */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The refusal for nesting deeper than MAX_DEPTH when the file has it, else `refusal`. */
function deepNestingOr(
  text: string,
  data: unknown,
  refusal: { ok: false; message: string },
): { ok: false; message: string } {
  const deep = nestedDeeperThan(text, MAX_DEPTH) ? findUnsafeKey(data, MAX_DEPTH) : null;
  return deep ? { ok: false, message: `${deep.path}: ${deep.message}` } : refusal;
}

/** Reads v0 outcomes into v1 records, or names the first outcome that cannot be migrated. */
function migrateV0(outcomes: unknown, path: Path, dropped: DroppedKeys): Validated<LearningRecord> {
  const parsed = validateEach<ActionOutcome>(outcomes, ActionOutcomeSchema, path, dropped);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `This version 0 history does not match the prototype's outcome format: ${parsed.message}`,
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
function readRecords(
  data: unknown,
  dropped: DroppedKeys,
):
  | {
      ok: true;
      records: Validated<LearningRecord>;
      path: Path;
      migratedFrom?: number;
      exportedAt?: number;
      workspace?: LearningHistory['workspace'];
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
      : { ok: false, message: `The history file is invalid: ${records.message}` },
    path: ['records'],
    exportedAt: exportedAt.data,
    ...(workspace.data ? { workspace: workspace.data } : {}),
  };
}

/** Parses JSON text, telling a truncated file from one that is not JSON at all. */
function parseJson(text: string): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const truncated = /end of (JSON )?input|unterminated|end of data/i.test(reason);
    return {
      ok: false,
      message: truncated
        ? `The file ends too early; it looks truncated (${quote(reason, 120)}).`
        : `The file is not valid JSON (${quote(reason, 120)}).`,
    };
  }
}

/**
 * Reads a history file and validates all of it, record by record, before anything touches the
 * store. Refuses invalid or truncated JSON, foreign formats, newer versions, wrong types, oversized
 * values, prototype-polluting keys, control characters in text and one id with two contents,
 * naming the first problem by path; migrates version 0 to the current version; and lists in
 * `changes` whatever it changed or dropped on the way.
 */
export function parseHistoryFile(
  text: string,
  options: ParseHistoryOptions = {},
): ParsedHistoryFile {
  if (typeof text !== 'string') {
    return { ok: false, message: `A history file must be text, got ${quote(text)}.` };
  }
  if (text.trim() === '') return { ok: false, message: 'The file is empty.' };
  const json = parseJson(text);
  if (!json.ok) return json;
  const data = json.data;
  // JSON.parse turns "__proto__" into an ordinary own key; refuse it before zod or a merge could
  // ever assign it to a live object. The text shows at once whether such a key (or an escape that
  // could spell one) is there at all; only then is the tree walked for its path.
  const unsafe = UNSAFE_KEY_TEXT.test(text) ? findUnsafeKey(data, MAX_DEPTH) : null;
  if (unsafe) return { ok: false, message: `${unsafe.path}: ${unsafe.message}` };

  const dropped = new DroppedKeys();
  const read = readRecords(data, dropped);
  // Absurd nesting gets its own message; it is looked for only on refusal, because zod never walks
  // into what the schema does not know, so a valid file cannot carry it anywhere that matters.
  if (!read.ok) return deepNestingOr(text, data, read);
  if (!read.records.ok) return deepNestingOr(text, data, read.records);
  const forbidden = forbiddenText(text, read.records.values, read.path);
  if (forbidden) return { ok: false, message: forbidden };
  const unique = uniqueRecords(read.records.values, read.path);
  if (!unique.ok) return unique;

  const changes: string[] = [];
  if (unique.merged > 0) {
    changes.push(
      `merged ${unique.merged} repeated record${unique.merged === 1 ? '' : 's'} (same id, same contents)`,
    );
  }
  const droppedNote = dropped.note();
  if (droppedNote) changes.push(droppedNote);
  const underflows = underflowedNumbers(text);
  if (underflows > 0) {
    changes.push(
      `read ${underflows} number${underflows === 1 ? '' : 's'} too small to hold (such as 1e-400) as 0`,
    );
  }
  if (options.replacedInvalidUtf8)
    changes.push('replaced bytes that are not valid UTF-8 with U+FFFD (�)');

  const records = unique.records;
  const exportedAt = read.exportedAt ?? records.reduce((at, r) => Math.max(at, r.recordedAt), 0);
  const history: LearningHistory = {
    format: LEARNING_HISTORY_FORMAT,
    version: LEARNING_HISTORY_VERSION,
    exportedAt,
    ...(read.workspace ? { workspace: read.workspace } : {}),
    records,
  };
  return read.migratedFrom === undefined
    ? { ok: true, history, merged: unique.merged, changes }
    : { ok: true, history, migratedFrom: read.migratedFrom, merged: unique.merged, changes };
}
