import {
  ActionOutcomeSchema,
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningRecordSchema,
  type LearningHistory,
} from '../../contracts';
import { findUnsafeKey, quote } from '../execution/safe-input';
import {
  DroppedKeys,
  forbiddenText,
  underflowedNumbers,
  uniqueRecords,
} from './history-file-checks';
import { firstRecordEntries, shortenHistoryText } from './history-file-precheck';
import { MAX_RECORDS, readRecords } from './history-file-records';

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
  return { ok: false, message: deep ? `${deep.path}: ${deep.message}` : refusal.message };
}

/** Whether an entry's text parses as a v1 record or a v0 outcome. */
function looksValid(entry: string): boolean {
  try {
    const value: unknown = JSON.parse(entry);
    return (
      LearningRecordSchema.safeParse(value).success || ActionOutcomeSchema.safeParse(value).success
    );
  } catch {
    return false;
  }
}

/**
 * The refusal a full read would give, found from the envelope and the first few records alone,
 * or null when those look fine (or the file is small, nests too deep, or may hold unsafe keys:
 * those are the full read's to explain). A large file of broken records is refused in
 * milliseconds instead of after JSON.parse has built every one of them.
 */
function quickRefusal(text: string): { ok: false; message: string } | null {
  const entries = firstRecordEntries(text);
  if (!entries || entries.every(looksValid)) return null;
  const short = shortenHistoryText(text);
  if (!short || short.depth > MAX_DEPTH || short.entries > MAX_RECORDS) return null;
  if (UNSAFE_KEY_TEXT.test(text)) return null;
  let data: unknown;
  try {
    data = JSON.parse(short.text) as unknown;
  } catch {
    return null;
  }
  const read = readRecords(data, new DroppedKeys());
  if (!read.ok) return read;
  // Checking stopped at the first few issues, so the whole list would give the very same refusal.
  if (!read.records.ok && read.records.exhausted)
    return { ok: false, message: read.records.message };
  return null;
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
  const quick = quickRefusal(text);
  if (quick) return quick;
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
