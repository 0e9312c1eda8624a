import type { LearningRecord } from '../../contracts';
import { formatPath } from '../../contracts';

/** How many issues a refusal lists at most; validation stops once it has found them. */
export const MAX_PROBLEMS = 3;

/** How many example paths a note of the import summary names. */
const MAX_EXAMPLES = 3;

/**
 * Characters refused in any text of an imported record: C0 controls other than tab, line feed and
 * carriage return, DEL, C1 controls, and the bidirectional marks, embeddings, overrides and
 * isolates that can make a note read differently from what it holds.
 */
const FORBIDDEN_CHAR =
  // Matching control characters is the point of this pattern.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Text that may hold such a character, raw or as a JSON escape; only then are records walked. */
const MAYBE_FORBIDDEN =
  /[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\\u(?:00[0-1]|007|00[89]|061c|200[ef]|202[a-e]|206[6-9])|\\[bf]/i;

/** `U+0007`-style name of a code point. */
function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first string (value or key) holding a forbidden character, as `path: reason`, or null. */
function findForbidden(value: unknown, path: (string | number)[]): string | null {
  if (typeof value === 'string') {
    const match = FORBIDDEN_CHAR.exec(value);
    return match
      ? `${formatPath(path)}: control or bidirectional character ${codePoint(match[0])} is not allowed in text`
      : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbidden(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const inKey = FORBIDDEN_CHAR.exec(key);
      if (inKey) {
        return `${formatPath([...path, key])}: control or bidirectional character ${codePoint(inKey[0])} is not allowed in a key`;
      }
      const found = findForbidden(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Names the first text field of the records that holds a control or bidi character, or null.
 * The file's text is looked at first, so a clean file (nearly every file) is never walked.
 */
export function forbiddenText(
  text: string,
  records: readonly LearningRecord[],
  prefix: (string | number)[],
): string | null {
  if (!MAYBE_FORBIDDEN.test(text)) return null;
  for (let i = 0; i < records.length; i++) {
    const found = findForbidden(records[i], [...prefix, i]);
    if (found) return found;
  }
  return null;
}

/** Counts the keys of `raw` that `parsed` left out (unknown to the schema), keeping a few paths. */
export class DroppedKeys {
  count = 0;
  readonly examples: string[] = [];

  /** Compares one raw value with what the schema made of it. */
  compare(raw: unknown, parsed: unknown, path: (string | number)[]): void {
    if (Array.isArray(raw) && Array.isArray(parsed)) {
      for (let i = 0; i < raw.length && i < parsed.length; i++) {
        this.compare(raw[i], parsed[i], [...path, i]);
      }
      return;
    }
    if (!isPlainObject(raw) || !isPlainObject(parsed)) return;
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(parsed, key)) {
        this.count += 1;
        if (this.examples.length < MAX_EXAMPLES) this.examples.push(formatPath([...path, key]));
      } else this.compare(raw[key], parsed[key], [...path, key]);
    }
  }

  /** The summary's sentence, or null when nothing was dropped. */
  note(): string | null {
    if (this.count === 0) return null;
    const more = this.count > this.examples.length ? ', …' : '';
    return `dropped ${this.count} unknown field${this.count === 1 ? '' : 's'} (${this.examples.join(', ')}${more})`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Counts the numbers written in the JSON text that are not zero but read as 0 (such as `1e-400`,
 * below the smallest double). Strings are skipped; the text is scanned only when it may hold one.
 */
export function underflowedNumbers(text: string): number {
  if (!/[eE]-\d{3}|\.\d{300}/.test(text)) return 0;
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) continue;
    let end = i + 1;
    while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
    const token = text.slice(i, end);
    const mantissa = token.split(/[eE]/)[0] ?? '';
    if (Number(token) === 0 && /[1-9]/.test(mantissa)) count += 1;
    i = end - 1;
  }
  return count;
}

/** JSON with object keys sorted, so two records with the same contents compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isPlainObject(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The records with identical repeats merged, or the first id repeated with other contents. */
export type UniqueRecords =
  { ok: true; records: LearningRecord[]; merged: number } | { ok: false; message: string };

/**
 * Keeps each id once. A repeat with the same contents is merged (and counted); a repeat with
 * different contents is refused, naming the id and both places, since either could be the truth.
 */
export function uniqueRecords(
  records: readonly LearningRecord[],
  prefix: (string | number)[],
): UniqueRecords {
  const firstAt = new Map<string, number>();
  const kept: LearningRecord[] = [];
  let merged = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const first = firstAt.get(record.id);
    if (first === undefined) {
      firstAt.set(record.id, i);
      kept.push(record);
    } else if (canonical(records[first]) === canonical(record)) merged += 1;
    else {
      const id = JSON.stringify(record.id.length > 80 ? `${record.id.slice(0, 79)}…` : record.id);
      return {
        ok: false,
        message: `${formatPath([...prefix, i, 'id'])}: the id ${id} is used by ${formatPath([...prefix, first])} too, with different contents; each record needs its own id`,
      };
    }
  }
  return { ok: true, records: kept, merged };
}
