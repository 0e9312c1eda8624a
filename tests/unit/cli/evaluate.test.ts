import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvaluationReportSchema, LeaderboardRowSchema } from '../../../src/contracts';
import {
  formatReport,
  parseOptions,
  readSituationFile,
  runEvaluation,
  type EvaluateOptions,
} from '../../../src/cli/evaluate';
import { UsageError } from '../../../src/cli/args';
import { CATALOG, defaultSituations } from '../../../src/domain/evaluation';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'evaluate.ts');
const DIR = mkdtempSync(join(tmpdir(), 'evaluate-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the evaluate command line with `args` and resolves with its exit code and output. */
function evaluate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args],
      { timeout: 110_000, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A small file of situations: the catalog's healthy and severe Visa ones under other ids. */
function situationFile(name: string, body: unknown): string {
  const path = join(DIR, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

const visa = CATALOG.find((s) => s.id === 'visa-severe')!;
// Three cycles of training experience keep the experienced held-out pass cheap.
const SMALL = [
  '--seeds',
  '1',
  '--oracle-seeds',
  '2',
  '--policies',
  'agent,do_nothing',
  '--experience',
  '3',
];

describe('evaluate command line', () => {
  it('prints one JSON object with a leaderboard per policy and set', async () => {
    const run = await evaluate(...SMALL, '--only', 'healthy,ho-low-volume-visa', '--json');
    expect(run.code).toBe(0);
    const report = EvaluationReportSchema.parse(JSON.parse(run.stdout));
    expect(report.leaderboard!.map((r) => `${r.policy}:${r.set}`)).toEqual([
      'agent:training',
      'do_nothing:training',
      'agent:held_out',
      'do_nothing:held_out',
    ]);
    for (const row of report.leaderboard!) LeaderboardRowSchema.parse(row);
    expect(report.results).toHaveLength(4);
    // The held-out case again, the agent carrying three cycles of training experience.
    expect(report.experienced).toMatchObject({ cycles: 3, seed: 1 });
    expect(report.experienced!.results.map((r) => `${r.situationId}:${r.policy}`)).toEqual([
      'ho-low-volume-visa:agent',
    ]);
  });

  it('scores the situations of a file, and shards merge into the whole run', async () => {
    const file = situationFile('two.json', {
      situations: [
        { ...visa, id: 'file-visa' },
        { ...CATALOG[0], id: 'file-healthy', set: 'training' },
      ],
    });
    const args = [...SMALL, '--situations', file, '--json'];
    const [whole, one, two] = await Promise.all([
      evaluate(...args),
      // One shard in this thread, the whole run and the other shard in worker threads.
      evaluate(...args, '--shard', '1/2', '--workers', '1'),
      evaluate(...args, '--shard', '2/2'),
    ]);
    expect(whole.code).toBe(0);
    const report = EvaluationReportSchema.parse(JSON.parse(whole.stdout));
    expect(report.results.map((r) => `${r.set}:${r.situationId}`)).toEqual([
      'training:file-healthy',
      'training:file-healthy',
      'held_out:file-visa',
      'held_out:file-visa',
    ]);
    const a = join(DIR, 'a.json');
    const b = join(DIR, 'b.json');
    writeFileSync(a, one.stdout);
    writeFileSync(b, two.stdout);
    const merged = await evaluate('--merge', `${b},${a}`, '--json');
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it.each([
    [['--seeds', '0']],
    [['--seeds', 'abc']],
    [['--oracle-seeds', '1']],
    [['--cycles', '-1']],
    [['--experience', '-1']],
    [['--experience', '5001']],
    [['--policies', 'oracle']],
    [['--only', 'atlantis']],
    [['--shard', '3/2']],
    [['--workers', '0']],
    [['--merge', '/nonexistent/report.json']],
    [['--unknown']],
    [['positional']],
  ])('exits 2 with the usage for %j', async (args) => {
    const run = await evaluate(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^evaluate: /);
    expect(run.stderr).toContain('Usage: npm run evaluate');
    expect(run.stdout).toBe('');
  });
});

describe('situations file', () => {
  it('refuses a file with a bad field, naming the field', () => {
    const bad = situationFile('bad.json', {
      situations: [{ ...visa, faults: { ...visa.faults, processorHealth: 2 } }],
    });
    expect(() => readSituationFile(bad)).toThrow(UsageError);
    expect(() => readSituationFile(bad)).toThrow(/situations\[0\]\.faults\.processorHealth/);
    const unknown = situationFile('unknown.json', { situations: [{ ...visa, colour: 'red' }] });
    expect(() => readSituationFile(unknown)).toThrow(/colour/);
    const missing = situationFile('missing.json', {
      situations: [{ ...visa, trafficVolume: undefined }],
    });
    expect(() => readSituationFile(missing)).toThrow(/situations\[0\]\.trafficVolume/);
    const twice = situationFile('twice.json', { situations: [visa, visa] });
    expect(() => readSituationFile(twice)).toThrow(/"visa-severe" appears twice/);
    expect(() => readSituationFile(join(DIR, 'none.json'))).toThrow(/cannot read/);
  });

  it('reads a good file, placing its situations in the held-out set unless they say otherwise', () => {
    const good = situationFile('good.json', { situations: [visa] });
    expect(readSituationFile(good)).toEqual([{ ...visa, set: 'held_out' }]);
  });
});

describe('evaluate options and table', () => {
  it('defaults to 10 decision seeds, a 20-seed oracle, every policy, both sets, no curve', () => {
    const options = parseOptions([]) as EvaluateOptions;
    expect(options).toMatchObject({
      seeds: 10,
      oracleSeeds: 20,
      cycles: 0,
      experience: 200,
      seed: 1,
      stream: 'catalog',
      shard: null,
      merge: null,
      json: false,
    });
    expect(options.workers).toBeGreaterThanOrEqual(1);
    expect(options.policies).toEqual(['agent', 'do_nothing', 'random', 'static_rule', 'sr_router']);
    expect(options.situations.map((s) => s.id)).toEqual(defaultSituations().map((s) => s.id));
    expect(parseOptions(['--help'])).toBe('help');
    expect(parseOptions(['--stream', 'drawn'])).toMatchObject({ stream: 'drawn' });
    expect(() => parseOptions(['--stream', 'held_out'])).toThrow(
      /--stream must be catalog or drawn, got "held_out"/,
    );
  });

  it('prints the leaderboard per set, the agent per situation and the learning curve', () => {
    const options = parseOptions([
      ...SMALL,
      '--only',
      'healthy,retry-storm,ho-low-volume-visa',
      '--cycles',
      '3',
    ]) as EvaluateOptions;
    const text = formatReport(runEvaluation(options));
    expect(text).toMatch(/^Leaderboard, training set \(the catalog\):/m);
    expect(text).toMatch(/^Leaderboard, held-out set \(never tuned on\):/m);
    expect(text).toMatch(/^\s+agent\s+2\s+\d+\.\d{3} \[/m);
    expect(text).toMatch(/^\s+do_nothing\s+2\s+/m);
    expect(text).toMatch(/^situation\s+n\s+pattern\s+exact agree/m);
    expect(text).toMatch(/^healthy\s+1\s+100%/m);
    expect(text).toMatch(/^retry-storm\s+1\s/m);
    expect(text).toMatch(/^overall\s+3\s/m);
    expect(text).toMatch(/3 cycles per arm, stream seed 1, training catalog$/m);
    expect(text).toMatch(/learning on : cumulative regret \d+\.\d{3}/);
    expect(text).toMatch(/no memory {3}: cumulative regret \d+\.\d{3}/);
    expect(text).toMatch(
      /by cause {4}: confidence gate -?\d+\.\d{3} .* changed picks -?\d+\.\d{3}/,
    );
    expect(text).toMatch(
      /^held_out, the agent after 3 learning cycles on the training catalog \(stream seed 1\)/m,
    );
    expect(text).toMatch(
      /^ {2}mean regret \d+\.\d{3} \[.*\]; minus the fresh agent's, paired -?\d+\.\d{3} \[.*\]; picks changed in \d of 1 cases$/m,
    );
    expect(text).toMatch(
      /^held_out, experienced: met = .*\nCalibration: 1 executed decisions?; expected calibration error/m,
    );
    const none = parseOptions([...SMALL, '--only', 'ho-low-volume-visa', '--experience', '0']);
    expect(formatReport(runEvaluation(none as EvaluateOptions))).not.toMatch(/experienced/);
  });
});

describe('the learning curve on drawn situations', () => {
  it('shuffles situations drawn from the fault space, never the catalog, and says so', () => {
    const options = parseOptions([
      ...SMALL,
      '--only',
      'healthy',
      '--cycles',
      '3',
      '--stream',
      'drawn',
    ]) as EvaluateOptions;
    const report = runEvaluation(options);
    const ids = report.learning.on.points.map((p) => p.situationId);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(/^cal-\d+$/);
    expect(report.learning.off.points.map((p) => p.situationId)).toEqual(ids);
    expect(formatReport(report)).toMatch(
      /3 cycles per arm, stream seed 1, 40 situations drawn from the fault space$/m,
    );
  });
});
