/** How a share is written as a percentage. */
export interface PercentStyle {
  /** Decimals after the point; 1 by default. */
  digits?: number;
  /** Writes "+" before a gain and "−" before a loss, nothing before a value that rounds to 0. */
  signed?: boolean;
  /** What follows the number: "%" by default; the screen writes " %", changes of a share " pt". */
  unit?: string;
}

/**
 * The lab's one percent formatter: a share 0–1 as a percentage, e.g. 0.8412 → "84.1%".
 * A missing or non-finite value is written "–", so a gap in the data never reads as a number.
 */
export function formatPercent(
  share: number | null | undefined,
  { digits = 1, signed = false, unit = '%' }: PercentStyle = {},
): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const value = share * 100;
  if (!signed) return `${value.toFixed(digits)}${unit}`;
  const text = Math.abs(value).toFixed(digits);
  const sign = Number(text) === 0 ? '' : value > 0 ? '+' : '−';
  return `${sign}${text}${unit}`;
}
