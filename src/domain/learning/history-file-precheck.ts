/**
 * A cheap look at a large history file before JSON.parse builds every record of it: the list of
 * records (the top-level list of a version 0 file, or the `records` or `outcomes` list of an
 * envelope) is cut down to its first few entries, so that the envelope and those entries can be
 * checked at once. Parsing a 3 MB file of a million empty records takes longer than refusing it
 * should; its first three entries already say it is broken.
 */

/** Files shorter than this are parsed whole at once: the look ahead would save nothing. */
export const PRECHECK_MIN_CHARS = 64 * 1024;

/** How many entries of the record list the look ahead keeps. */
export const PRECHECK_ENTRIES = 3;

/** The keys of an envelope whose list of records may be cut down. */
const RECORD_LIST_KEYS = new Set(['records', 'outcomes']);

/** The file's text with its record list cut to its first entries, and what was seen on the way. */
export interface ShortenedHistoryText {
  /** The same JSON, the record list holding only its first PRECHECK_ENTRIES entries. */
  text: string;
  /** The first PRECHECK_ENTRIES entries of the record list, as JSON text each. */
  firstEntries: string[];
  /** Entries the full record list holds. */
  entries: number;
  /** The deepest nesting of objects and lists anywhere in the file. */
  depth: number;
}

/** Where one list starts and ends in the text, and its entries. */
interface ListSpan {
  start: number;
  end: number;
  entryStarts: number[];
  entryEnds: number[];
  entries: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The index just past the string that starts at `at` (a quote), or -1 when it never ends. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/**
 * Scans the list that opens at `start`: its end, where its first entries start and end, how many
 * entries it has, and the deepest nesting inside it (counted from `baseDepth`). Null when the
 * text ends first (a truncated file is the full parse's to explain).
 */
function scanList(
  text: string,
  start: number,
  baseDepth: number,
  deepest: { depth: number },
): ListSpan | null {
  const span: ListSpan = { start, end: -1, entryStarts: [], entryEnds: [], entries: 0 };
  let depth = baseDepth + 1;
  deepest.depth = Math.max(deepest.depth, depth);
  let entryStart = -1;
  const closeEntry = (at: number) => {
    if (entryStart < 0) return;
    if (span.entryStarts.length < PRECHECK_ENTRIES) {
      span.entryStarts.push(entryStart);
      span.entryEnds.push(at);
    }
    span.entries += 1;
    entryStart = -1;
  };
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (depth === baseDepth + 1) {
      if (c === COMMA) {
        closeEntry(i);
        continue;
      }
      if (c === CLOSE_BRACKET) {
        closeEntry(i);
        span.end = i;
        return span;
      }
      if (entryStart < 0) entryStart = i;
    }
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest.depth) deepest.depth = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return null;
}

/** The deepest nesting in text[from, to), starting at `depth` (strings skipped). */
function depthOf(text: string, from: number, to: number, depth: number): number {
  let deepest = depth;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return deepest;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return deepest;
}

/** Where the record list of an envelope opens: the value of its first `records`/`outcomes` key. */
function envelopeListStart(text: string, open: number): number {
  let depth = 1;
  let lastKey: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      if (depth === 1) lastKey = text.slice(i + 1, end - 1);
      i = end - 1;
    } else if (c === COLON && depth === 1) {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === OPEN_BRACKET && lastKey !== null && RECORD_LIST_KEYS.has(lastKey))
        return j;
      lastKey = null;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return -1;
    }
  }
  return -1;
}

/**
 * The file's first record entries without parsing the rest: cheap, and enough to see whether
 * the file opens with valid records. Null for a small file, or one without a record list.
 */
export function firstRecordEntries(text: string): string[] | null {
  if (text.length < PRECHECK_MIN_CHARS) return null;
  let open = 0;
  while (open < text.length && isSpace(text.charCodeAt(open))) open++;
  const first = text.charCodeAt(open);
  const listStart =
    first === OPEN_BRACKET ? open : first === OPEN_BRACE ? envelopeListStart(text, open) : -1;
  if (listStart < 0) return null;
  const entries: string[] = [];
  let depth = 0;
  let entryStart = -1;
  for (let i = listStart + 1; i < text.length && entries.length < PRECHECK_ENTRIES; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
      if (entryStart >= 0) entries.push(text.slice(entryStart, i).trimEnd());
      entryStart = -1;
      if (c === CLOSE_BRACKET) break;
      continue;
    }
    if (entryStart < 0) entryStart = i;
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return entries;
}

/**
 * The file's text with its record list cut to its first PRECHECK_ENTRIES entries, with the count
 * of entries and the file's nesting depth, in one pass over the text; null for a small file, one
 * without a record list, or one whose text ends early.
 */
export function shortenHistoryText(text: string): ShortenedHistoryText | null {
  if (text.length < PRECHECK_MIN_CHARS) return null;
  let open = 0;
  while (open < text.length && isSpace(text.charCodeAt(open))) open++;
  const first = text.charCodeAt(open);
  const topLevelList = first === OPEN_BRACKET;
  const listStart = topLevelList ? open : first === OPEN_BRACE ? envelopeListStart(text, open) : -1;
  if (listStart < 0) return null;
  const baseDepth = topLevelList ? 0 : 1;
  const deepest = { depth: depthOf(text, open, listStart, 0) };
  const span = scanList(text, listStart, baseDepth, deepest);
  if (!span) return null;
  deepest.depth = Math.max(deepest.depth, depthOf(text, span.end + 1, text.length, baseDepth));
  const firstEntries = span.entryStarts.map((s, i) => text.slice(s, span.entryEnds[i]).trimEnd());
  return {
    text: `${text.slice(0, listStart)}[${firstEntries.join(',')}]${text.slice(span.end + 1)}`,
    firstEntries,
    entries: span.entries,
    depth: deepest.depth,
  };
}
