/** How the safety rules read hostile input safely and word their findings. */
import { ACTION_TYPES, formatPath, type ActionType } from '../../contracts';
import type { z } from 'zod';

/** Longest text a violation message or block reason may have (the contract's Text bound). */
export const MAX_MESSAGE = 2000;

/** Cuts a text to `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Own property of a plain object, never something inherited from Object.prototype. */
export function own(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** A number that is neither NaN nor infinite. */
export function isFiniteNumber(value: unknown): value is number {
  // Number.isFinite does not coerce: anything but a finite number, strings included, is false.
  return Number.isFinite(value);
}

/** One of the contract's action types. */
export function isActionType(value: unknown): value is ActionType {
  // includes compares strictly, so no value but one of the type strings matches.
  return (ACTION_TYPES as readonly unknown[]).includes(value);
}

/** Formats value and limit with as many decimals as it takes for them to read differently. */
export function distinct(
  value: number,
  limit: number,
  scale: number,
  suffix: string,
): [string, string] {
  let decimals = 1;
  while (
    decimals < 12 &&
    (value * scale).toFixed(decimals) === (limit * scale).toFixed(decimals) &&
    value !== limit
  ) {
    decimals++;
  }
  return [
    `${(value * scale).toFixed(decimals)}${suffix}`,
    `${(limit * scale).toFixed(decimals)}${suffix}`,
  ];
}

/** A share as a percentage with one decimal. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** The first `limit` issues of a zod error, each with its path under `prefix`. */
export function zodIssues(error: z.ZodError, prefix: string, limit = 3): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length === 0 ? prefix : `${prefix}.${formatPath(issue.path)}`;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('; ');
}
