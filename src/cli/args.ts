/**
 * What every command of the lab shares: strict flag parsing, checked numbers, and the exit codes
 * (2 with the usage for a mistake, 0 with it for --help).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ISSUER_IDS, type IssuerId } from '../contracts';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** A command-line mistake: reported with the usage and exit code 2. */
export class UsageError extends Error {}

/** Parses flags strictly (no positionals, no unknown flags); any mistake becomes a UsageError. */
export function parseFlags<const O extends FlagOptions>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Reads a number flag, or the fallback when absent; `range` words the check for the message. */
export function numberFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  range: string,
): number {
  if (raw === undefined) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${range}, got "${raw}"`);
  }
  return value;
}

/** Reads an integer flag within [min, max], or the fallback when absent. */
export function integerFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  return numberFlag(
    name,
    raw,
    fallback,
    (n) => Number.isInteger(n) && n >= min && n <= max,
    `an integer from ${min} to ${max}`,
  );
}

/** Reads --issuer: one of the lab's issuers, or null for every issuer. */
export function issuerFlag(raw: string | undefined): IssuerId | null {
  if (raw === undefined) return null;
  if (!(ISSUER_IDS as readonly string[]).includes(raw)) {
    throw new UsageError(`--issuer must be one of ${ISSUER_IDS.join(', ')}, got "${raw}"`);
  }
  return raw as IssuerId;
}

/**
 * Runs a command: parses its options, prints the usage with exit code 2 on a mistake or with 0 for
 * --help, and otherwise returns what `run` returns.
 */
export function runCommand<T>(
  name: string,
  usage: string,
  args: string[],
  parse: (args: string[]) => T | 'help',
  run: (options: T) => number,
): number {
  let options: T | 'help';
  try {
    options = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return run(options);
}
