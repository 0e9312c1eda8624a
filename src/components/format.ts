// The screen's formats; percentages come from the lab's one percent formatter.
import { formatPercent } from '../domain/percent';

/** Formats a share 0–1 as a percentage, e.g. 0.9897 → "98.97 %" with two digits. */
export function pct(x: number | null | undefined, digits = 1): string {
  return formatPercent(x, { digits, unit: ' %' });
}

/** Formats a change of a share in percentage points with a sign, e.g. 0.016 → "+1.6 pt". */
export function points(x: number | null | undefined, digits = 1): string {
  return formatPercent(x, { digits, signed: true, unit: ' pt' });
}

/** Formats milliseconds, e.g. 2131 → "2,131 ms". */
export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${Math.round(x).toLocaleString('en-US')} ms`;
}

/** Formats a signed millisecond change, e.g. −120 → "−120 ms". */
export function signedMs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const v = Math.round(x);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US')} ms`;
}

/** Formats a signed relative change, e.g. 0.12 → "+12 %". */
export function signedPct(x: number | null | undefined, digits = 0): string {
  return formatPercent(x, { digits, signed: true, unit: ' %' });
}

/** Formats an integer with thousands separators. */
export function count(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.round(x).toLocaleString('en-US');
}

/** Formats a p-value compactly, e.g. 3e-12 → "p < 0.0001". */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'no test (too few payments)';
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p.toFixed(4)}`;
}

/** Turns an action type like shift_traffic into "shift traffic" for prose. */
export function words(id: string): string {
  return id.replaceAll('_', ' ');
}
