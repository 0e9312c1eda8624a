import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  MetricsSnapshotSchema,
  type IncidentScript,
} from '../../../src/contracts';
import {
  InputError,
  formatWindows,
  loadScriptRun,
  parseBatch,
  runBatch,
} from '../../../src/cli/simulate-script';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { simulateWindow } from '../../../src/domain/simulation';
import { runScript } from '../../../src/domain/simulation/script-runner';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'simulate.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function simulate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'simulate-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const shortScript: IncidentScript = {
  id: 'short',
  label: 'Short',
  description: 'Visa at 60 % from window 1.',
  windows: 3,
  events: [{ at: 1, fault: 'issuerHealth.visa', kind: 'set', value: 0.6 }],
};
const line = (extra: object = {}) =>
  JSON.stringify({ scenario: HEALTHY_SCENARIO, controlPlane: DEFAULT_CONTROL_PLANE, ...extra });

describe('loading a script for the command line', () => {
  it('takes a preset id as the preset script', () => {
    expect(loadScriptRun('slow_burn', () => 'unused').script).toBe(presetScript('slow_burn'));
  });

  it('takes a file with a script, or with a whole run including actions', () => {
    expect(loadScriptRun('a.json', () => JSON.stringify(shortScript)).script.id).toBe('short');
    const run = loadScriptRun('b.json', () =>
      JSON.stringify({
        script: shortScript,
        seed: 9,
        actions: [{ window: 2, controlPlane: DEFAULT_CONTROL_PLANE }],
      }),
    );
    expect(run.seed).toBe(9);
    expect(run.actions).toHaveLength(1);
  });

  it('refuses a file that is not JSON, naming the presets it could have meant', () => {
    expect(() => loadScriptRun('slow_brun', (path) => readFileSync(path, 'utf8'))).toThrow(
      /slow_brun is neither a preset script .* nor a JSON file: ENOENT/,
    );
    expect(() => loadScriptRun('oops.json', () => '{')).toThrow(
      /oops\.json is neither a preset script \(issuer_degrades_then_clears, .*\) nor a JSON file/,
    );
  });

  it('refuses a bad script by event and field', () => {
    const bad = {
      ...shortScript,
      events: [{ at: 1, fault: 'issuerHealth.visa', kind: 'set', value: 3 }],
    };
    expect(() => loadScriptRun('bad.json', () => JSON.stringify(bad))).toThrow(
      'invalid script in bad.json: events[0].value: issuerHealth.visa must be a number from 0 to 1, got 3',
    );
  });
});

describe('a batch of windows', () => {
  it('parses every line and simulates each one on its own seed, in order', () => {
    const lines = parseBatch(`${line()}\n\n${line({ seed: 7 })}\n`);
    expect(lines).toHaveLength(2);
    const [first, second] = runBatch(lines, 5);
    expect(first).toEqual(simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 5));
    expect(second).toEqual(
      simulateWindow({ ...HEALTHY_SCENARIO, seed: 7 }, DEFAULT_CONTROL_PLANE, 5),
    );
  });

  it('refuses a line that is not JSON, naming its number', () => {
    expect(() => parseBatch(`${line()}\n{"scenario":`, 'in.jsonl')).toThrow(
      /^in\.jsonl line 2 is not JSON/,
    );
  });

  it('refuses a line that breaks the schema, naming its number and field', () => {
    const bad = JSON.stringify({
      scenario: { ...HEALTHY_SCENARIO, processorHealth: 2 },
      controlPlane: DEFAULT_CONTROL_PLANE,
    });
    expect(() => parseBatch(`${line()}\n${line()}\n${bad}`)).toThrow(
      /^the batch line 3: scenario\.processorHealth: Too big/,
    );
    expect(() => parseBatch(line({ extra: 1 }))).toThrow(InputError);
    expect(() => parseBatch('\n \n')).toThrow(/has no lines/);
  });
});

describe('the readable table', () => {
  it('shows one row per window with its success rate and p99', () => {
    const table = formatWindows(
      runScript({ script: presetScript('slow_burn')!, seed: 42 }).slice(0, 2),
    );
    const rows = table.split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^window\s+success\s+p50\s+p99\s+payments\s+retries$/);
    expect(rows[1]).toMatch(/^\s+0\s+\d+\.\d\d %\s+\d+ ms\s+\d+ ms\s+6000\s+\d+$/);
  });
});

describe.concurrent('npm run simulate --script / --batch', () => {
  it('prints one MetricsSnapshot JSON line per window, the same as the run in Node', async () => {
    const run = await simulate(
      '--script',
      file('short.json', JSON.stringify(shortScript)),
      '--seed',
      '11',
      '--json',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => MetricsSnapshotSchema.parse(JSON.parse(l)));
    expect(lines).toEqual(runScript({ script: shortScript, seed: 11 }));
  });

  it('writes one snapshot line per batch line', async () => {
    const run = await simulate(
      '--batch',
      file('ok.jsonl', `${line()}\n${line({ seed: 3 })}\n`),
      '--start',
      '60000',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => MetricsSnapshotSchema.parse(JSON.parse(l)));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual(
      simulateWindow({ ...HEALTHY_SCENARIO, seed: 3 }, DEFAULT_CONTROL_PLANE, 60_000),
    );
  });

  it.each([
    [
      'out of order',
      [
        { at: 2, fault: 'processorHealth', kind: 'set', value: 0.5 },
        { at: 1, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 },
      ],
      'events[1].at: events must be in window order',
    ],
    [
      'overlapping',
      [
        { at: 0, fault: 'processorHealth', kind: 'ramp', value: 0.5, over: 2 },
        { at: 1, fault: 'processorHealth', kind: 'clear' },
      ],
      'events[1].at: overlaps event 0',
    ],
    [
      'unknown fault',
      [{ at: 0, fault: 'moonPhase', kind: 'set', value: 0.5 }],
      'events[0].fault: unknown fault "moonPhase"',
    ],
  ])(
    'refuses a script with events %s: exit 2, the event named, nothing printed',
    async (_name, events, message) => {
      const run = await simulate(
        '--script',
        file(`bad-${_name.replace(/ /g, '-')}.json`, JSON.stringify({ ...shortScript, events })),
        '--json',
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    },
  );

  it('refuses a batch with a bad line: exit 2, the line named, nothing printed', async () => {
    const run = await simulate('--batch', file('bad.jsonl', `${line()}\nnot json\n`));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 2 is not JSON');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--script', 'slow_burn', '--batch', 'x'], '--script and --batch cannot be used together'],
    [['--script', 'slow_burn', '--bench'], '--bench cannot be used with --script'],
    [['--batch', 'x', '--seed', '3'], '--seed cannot be used with --batch'],
    [['--json'], '--json needs --script or --batch'],
  ])('refuses flags that do not go together: %j', async (args, message) => {
    const run = await simulate(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
