/**
 * The headless API of the simulator: run an incident script (a file or a preset id) window by
 * window, or a batch of independent windows from JSON lines. Input is checked in full before
 * anything runs; a refusal names the line or event and the field.
 */
import { readFileSync } from 'node:fs';
import {
  BatchLineSchema,
  IncidentScriptSchema,
  ScriptRunRequestSchema,
  formatZodError,
  type BatchLine,
  type MetricsSnapshot,
  type ScriptRunRequest,
} from '../contracts';
import { PRESET_SCRIPTS, presetScript } from '../domain/scenarios/preset-scripts';
import { simulateWindow } from '../domain/simulation';
import { runScript } from '../domain/simulation/script-runner';

/** Input that cannot run: reported on stderr with exit code 2, nothing simulated. */
export class InputError extends Error {}

/** Reads a file, or standard input for `-`. */
function readSource(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
}

/**
 * The run a `--script` argument names: a preset script's id, or a JSON file holding either a
 * script or a script run (`{"script", "seed"?, "controlPlane"?, "actions"?, "startTime"?}`).
 */
export function loadScriptRun(source: string, read = readSource): ScriptRunRequest {
  const preset = presetScript(source);
  if (preset) return { script: preset };
  let json: unknown;
  try {
    json = JSON.parse(read(source));
  } catch (error) {
    const known = PRESET_SCRIPTS.map((s) => s.id).join(', ');
    throw new InputError(
      `${source} is neither a preset script (${known}) nor a JSON file: ${(error as Error).message}`,
    );
  }
  if (typeof json === 'object' && json !== null && 'script' in json) {
    const run = ScriptRunRequestSchema.safeParse(json);
    if (!run.success)
      throw new InputError(`invalid script run in ${source}: ${formatZodError(run.error)}`);
    return run.data;
  }
  const script = IncidentScriptSchema.safeParse(json);
  if (!script.success)
    throw new InputError(`invalid script in ${source}: ${formatZodError(script.error)}`);
  return { script: script.data };
}

/** Runs a checked script run with an optional seed and start time from the command line. */
export function runScriptRun(
  run: ScriptRunRequest,
  overrides: { seed?: number | undefined; startTime?: number | undefined },
): MetricsSnapshot[] {
  return runScript({
    ...run,
    ...(overrides.seed === undefined ? {} : { seed: overrides.seed }),
    ...(overrides.startTime === undefined ? {} : { startTime: overrides.startTime }),
  });
}

/**
 * Parses batch input, one JSON object per line (blank lines skipped); the first bad line is
 * refused by its number and field, so a batch runs whole or not at all.
 */
export function parseBatch(text: string, source = 'the batch'): BatchLine[] {
  const lines: BatchLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const where = `${source} line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new InputError(`${where} is not JSON: ${(error as Error).message}`);
    }
    const result = BatchLineSchema.safeParse(json);
    if (!result.success) throw new InputError(`${where}: ${formatZodError(result.error)}`);
    lines.push(result.data);
  });
  if (lines.length === 0) throw new InputError(`${source} has no lines to simulate`);
  return lines;
}

/** Reads and checks a batch file (or standard input for `-`). */
export function loadBatch(source: string, read = readSource): BatchLine[] {
  return parseBatch(read(source), source);
}

/** Simulates each batch line as one window, in order, stamped `timestamp`. */
export function runBatch(lines: readonly BatchLine[], timestamp: number): MetricsSnapshot[] {
  return lines.map((line) =>
    simulateWindow(
      { ...line.scenario, seed: line.seed ?? line.scenario.seed },
      line.controlPlane,
      timestamp,
    ),
  );
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`.padStart(9);
const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(9);

/** A readable table of windows: success rate, latency, payments and retries per window. */
export function formatWindows(snapshots: readonly MetricsSnapshot[]): string {
  const header = 'window   success       p50       p99  payments   retries';
  const rows = snapshots.map((s, t) =>
    [
      String(t).padStart(6),
      pct(s.successRate),
      ms(s.latency.p50),
      ms(s.latency.p99),
      String(s.totalTransactions).padStart(9),
      String(s.totalRetries).padStart(9),
    ].join(' '),
  );
  return [header, ...rows].join('\n');
}

/** One JSON line per snapshot, the contract's own shape. */
export function formatJsonLines(snapshots: readonly MetricsSnapshot[]): string {
  return snapshots.map((s) => JSON.stringify(s)).join('\n');
}
