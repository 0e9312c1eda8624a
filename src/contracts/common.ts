import { z } from 'zod';

/** A finite number (zod 4 already refuses NaN and ±Infinity for z.number()). */
export const Finite = z.number();

/** A share or rate between 0 and 1 inclusive. */
export const Probability = z.number().min(0).max(1);

/** A count of things: a non-negative safe integer. */
export const Count = z.number().int().nonnegative();

/** A duration or latency in milliseconds: finite and non-negative. */
export const Millis = z.number().nonnegative();

/** Milliseconds since the Unix epoch, as a non-negative integer. */
export const EpochMillis = z.number().int().nonnegative();

/** A bounded identifier so that hostile input cannot smuggle megabytes through an id. */
export const Identifier = z.string().min(1).max(200);

/** Bounded human-readable text (descriptions, reasons). */
export const Text = z.string().max(2000);

/** Renders one zod path as `a.b[0].c`, the way a person reads it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * The lab's one zod-issue formatter: readable `path: reason` lines, first problem first, at most
 * `limit` of them; `prefix` names where the value sits (e.g. "settings"), so paths read in full.
 */
export function formatZodError(error: z.ZodError, limit = 5, prefix?: string): string {
  const lines = error.issues
    .slice(0, limit)
    .map(
      (issue) => `${formatPath(prefix ? [prefix, ...issue.path] : issue.path)}: ${issue.message}`,
    );
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`… and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('; ');
}

/** An input that did not match its contract; the message names the first problems by path. */
export class ContractError extends Error {
  readonly contract: string;
  readonly issues: readonly { path: string; message: string }[];

  constructor(contract: string, error: z.ZodError) {
    super(`Invalid ${contract}: ${formatZodError(error)}`);
    this.name = 'ContractError';
    this.contract = contract;
    this.issues = error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    }));
  }
}

/** The result of checking a value against a contract without throwing. */
export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; message: string; error: ContractError };

/** Parses `value` with `schema`, throwing a ContractError with a readable message on failure. */
export function parseContract<S extends z.ZodType>(
  schema: S,
  value: unknown,
  contract: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContractError(contract, result.error);
  return result.data;
}

/** Parses `value` with `schema` and reports failure as a value instead of an exception. */
export function checkContract<S extends z.ZodType>(
  schema: S,
  value: unknown,
  contract: string,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const error = new ContractError(contract, result.error);
  return { ok: false, message: error.message, error };
}
