import { z } from 'zod';
import {
  ACTION_CATEGORY,
  ACTION_TYPES,
  ActionOutcomeSchema,
  formatPath,
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningHistorySchema,
  LearningRecordSchema,
  parseContract,
  PatternTypeSchema,
  type ActionOutcome,
  type ActionType,
  type LearningHistory,
  type LearningRecord,
} from '../contracts';
import { findUnsafeKey, quote } from '../domain/execution/safe-input';
import type { LearningStore } from './learning-store';

/** How to export. */
export interface ExportOptions {
  /** Every record was parsed with LearningRecordSchema already (as the page's records are). */
  recordsParsed?: boolean;
}

/** What reading a history file gave: the history (migrated to the current version) or why not. */
export type ParsedHistoryFile =
  { ok: true; history: LearningHistory; migratedFrom?: number } | { ok: false; message: string };

/** What an import did to the store. */
export type ImportResult =
  | {
      ok: true;
      added: number;
      skipped: number;
      /** Every record of the file, validated (those already present included). */
      records: readonly LearningRecord[];
      migratedFrom?: number;
    }
  | { ok: false; message: string };

/** Text that may spell a prototype-polluting key: the key itself, or any \u escape. */
const UNSAFE_KEY_TEXT = /\\u|"(?:__proto__|constructor|prototype)"/;

/** The deepest nesting a history file may have; real files stay well under 16 levels. */
const MAX_DEPTH = 32;

/**
 * Serialises the whole history as a versioned LearningHistory JSON file. Every record is parsed on
 * the way out, so the file re-imports and carries nothing but contract fields (no API key or other
 * setting is ever part of a record).
 */
export function exportHistory(
  records: readonly LearningRecord[],
  now: number,
  options: ExportOptions = {},
): string {
  if (options.recordsParsed) {
    // The envelope is still checked; the records went through LearningRecordSchema on their way
    // into the page (store reads and writes, imports), so a second pass would only cost time.
    const header = parseContract(
      LearningHistorySchema.pick({ format: true, version: true, exportedAt: true }),
      {
        format: LEARNING_HISTORY_FORMAT,
        version: LEARNING_HISTORY_VERSION,
        exportedAt: Math.floor(now),
      },
      'learning history',
    );
    return JSON.stringify({ ...header, records });
  }
  const history = parseContract(
    LearningHistorySchema,
    {
      format: LEARNING_HISTORY_FORMAT,
      version: LEARNING_HISTORY_VERSION,
      exportedAt: Math.floor(now),
      records,
    },
    'learning history',
  );
  return JSON.stringify(history);
}

/** The first zod problem as `path: reason`, plus how many more there are. */
function firstProblem(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = formatPath([...(prefix ? [prefix] : []), ...issue.path]);
  const more = error.issues.length - 1;
  return `${path}: ${issue.message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}

/**
 * Version 0 is the prototype's learning-store export from the seeds: a JSON array of seed
 * ActionOutcome objects, `{ "outcomes": [...] }`, or the same tagged with `format` and `version: 0`.
 */
const V0OutcomesSchema = z.array(ActionOutcomeSchema).max(1_000_000);

/** FNV-1a over a string, as 8 hex digits: a short, stable fingerprint for derived ids. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The action type of a v0 outcome: its own `actionType` when present, else read from the
 * prototype's ids, which were `action_<type>_<timestamp>`.
 */
function v0ActionType(outcome: ActionOutcome): ActionType | null {
  if (outcome.actionType) return outcome.actionType;
  const match = /^action_([a-z_]+?)_\d+$/.exec(outcome.actionId);
  const candidate = match?.[1];
  return candidate && (ACTION_TYPES as readonly string[]).includes(candidate)
    ? (candidate as ActionType)
    : null;
}

/**
 * Migrates one v0 outcome to a v1 record: status `executed`, pattern from the outcome or `noise`,
 * a minimal Decision rebuilt from what the outcome knows (its estimate when it has one, otherwise
 * zeros; confidence 0 because the prototype did not keep it), recorded at executedAt, and an id
 * derived from actionId and executedAt so importing the same file twice adds nothing the second time.
 */
export function migrateV0Outcome(outcome: ActionOutcome, actionType: ActionType): LearningRecord {
  const id = `v0-${outcome.executedAt}-${fingerprint(outcome.actionId)}`;
  const pattern = outcome.pattern ?? 'noise';
  return parseContract(
    LearningRecordSchema,
    {
      id,
      recordedAt: outcome.executedAt,
      status: 'executed',
      pattern: PatternTypeSchema.parse(pattern),
      actionType,
      decision: {
        selectedAction: {
          id: outcome.actionId,
          category: ACTION_CATEGORY[actionType],
          type: actionType,
          description: `${actionType} (migrated from a version 0 history)`,
          parameters: {},
          estimatedImpact: outcome.estimatedImpact ?? {
            successRateChange: 0,
            latencyImpact: 0,
            costImpact: 0,
            riskLevel: 0,
          },
          prerequisites: [],
          reversible: true,
        },
        rejectedActions: [],
        score: 0,
        requiresHumanApproval: false,
        approvalReasons: [],
        confidenceInDecision: 0,
        decidedAt: outcome.executedAt,
        pattern,
      },
      outcome: { ...outcome, actionType, pattern },
      note: 'Migrated from a version 0 learning history (the prototype learning store).',
    },
    'migrated learning record',
  );
}

/** Reads v0 outcomes into a v1 history, or names the first outcome that cannot be migrated. */
function migrateV0(outcomes: unknown, prefix: string): ParsedHistoryFile {
  const parsed = V0OutcomesSchema.safeParse(outcomes);
  if (!parsed.success) {
    return {
      ok: false,
      message: `This version 0 history does not match the prototype's outcome format: ${firstProblem(parsed.error, prefix)}`,
    };
  }
  const records: LearningRecord[] = [];
  let exportedAt = 0;
  for (const [i, outcome] of parsed.data.entries()) {
    const type = v0ActionType(outcome);
    if (!type) {
      return {
        ok: false,
        message: `${formatPath([...(prefix ? [prefix] : []), i, 'actionId'])}: cannot tell the action type of ${quote(outcome.actionId)} (expected action_<type>_<timestamp> or an actionType field)`,
      };
    }
    records.push(migrateV0Outcome(outcome, type));
    exportedAt = Math.max(exportedAt, outcome.executedAt);
  }
  return {
    ok: true,
    history: {
      format: LEARNING_HISTORY_FORMAT,
      version: LEARNING_HISTORY_VERSION,
      exportedAt,
      records,
    },
    migratedFrom: 0,
  };
}

function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
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

/**
 * Reads a history file and validates all of it with zod before anything touches the store. Refuses
 * invalid or truncated JSON, foreign formats, newer versions, wrong types, oversized values and
 * prototype-polluting keys, naming the first problem by path; migrates version 0 (see
 * migrateV0Outcome) to the current version.
 */
export function parseHistoryFile(text: string): ParsedHistoryFile {
  if (typeof text !== 'string') {
    return { ok: false, message: `A history file must be text, got ${quote(text)}.` };
  }
  if (text.trim() === '') return { ok: false, message: 'The file is empty.' };
  let data: unknown;
  try {
    data = JSON.parse(text);
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
  // JSON.parse turns "__proto__" into an ordinary own key; refuse it before zod or a merge could
  // ever assign it to a live object.
  // Walking a 10,000-record tree takes long; the text shows at once whether such a key (or an
  // escape that could spell one) is there at all, and only then is the tree walked for its path.
  const unsafe = UNSAFE_KEY_TEXT.test(text) ? findUnsafeKey(data, MAX_DEPTH) : null;
  if (unsafe) return { ok: false, message: `${unsafe.path}: ${unsafe.message}` };

  if (Array.isArray(data)) return migrateV0(data, '');
  if (data === null || typeof data !== 'object') {
    return {
      ok: false,
      message: `This is not a learning history file: expected an object, got ${quote(data)}.`,
    };
  }
  const format = own(data, 'format');
  const version = own(data, 'version');
  if (format === undefined && Array.isArray(own(data, 'outcomes'))) {
    return migrateV0(own(data, 'outcomes'), 'outcomes');
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
  if (version === 0) return migrateV0(own(data, 'outcomes'), 'outcomes');
  const parsed = LearningHistorySchema.safeParse(data);
  if (!parsed.success) {
    // Absurd nesting gets its own message; it is looked for only here, because zod never walks
    // into what the schema does not know, so a valid file cannot carry it anywhere that matters.
    if (nestedDeeperThan(text, MAX_DEPTH)) {
      const deep = findUnsafeKey(data, MAX_DEPTH);
      if (deep) return { ok: false, message: `${deep.path}: ${deep.message}` };
    }
    return {
      ok: false,
      message: `The history file is invalid: ${firstProblem(parsed.error)}`,
    };
  }
  return { ok: true, history: parsed.data };
}

/**
 * Imports a history file into the store: parse and validate everything first, then merge in one
 * transaction without duplicating ids already present. On any failure the store is unchanged.
 */
export async function importHistory(store: LearningStore, text: string): Promise<ImportResult> {
  const parsed = parseHistoryFile(text);
  if (!parsed.ok) return parsed;
  try {
    const { added, skipped } = await store.merge(parsed.history.records, { alreadyParsed: true });
    const records = parsed.history.records;
    return parsed.migratedFrom === undefined
      ? { ok: true, added, skipped, records }
      : { ok: true, added, skipped, records, migratedFrom: parsed.migratedFrom };
  } catch (error) {
    return {
      ok: false,
      message: `The history could not be stored: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
