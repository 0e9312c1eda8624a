import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsSnapshotSchema, parseContract } from '../../../src/contracts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'simulate.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the simulate command line with `args` and resolves with its exit code and output. */
function simulate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function readSnapshot(dir: string, name: string) {
  return parseContract(
    MetricsSnapshotSchema,
    JSON.parse(readFileSync(join(dir, name), 'utf8')),
    name,
  );
}

// Each case spawns its own process and temp dir, so they can run side by side.
describe.concurrent('npm run simulate', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--degradation', 'abc'], /--degradation must be a number from 0 to 1, got "abc"/],
    [['--degradation', '1.5'], /--degradation must be a number from 0 to 1/],
    [['--issuer', 'jcb'], /--issuer must be one of visa, mastercard, amex, discover/],
    [['--events', '0'], /--events must be an integer/],
    [['--seed=-1'], /--seed must be an integer from 0 to 4294967295, got "-1"/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--seed', '-1'], /--seed/],
    [['stray-positional'], /positional/i],
  ])('exits with code 2 and the usage for %j', async (args, message) => {
    const dir = tempDir();
    const run = await simulate(...args, '--out', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run simulate');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes baseline and current metrics that parse with the contract and match the seeds’ example', async () => {
    const dir = tempDir();
    const run = await simulate(
      '--baseline',
      '--current',
      '--degradation',
      '0.85',
      '--events',
      '6000',
      '--seed',
      '42',
      '--out',
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK Generated 6000 events/);
    expect(run.stdout).toMatch(/Success Rate: \d+\.\d\d%/);
    const baseline = readSnapshot(dir, 'baseline_metrics.json');
    const current = readSnapshot(dir, 'current_metrics.json');
    expect(baseline.totalTransactions).toBe(6000);
    expect(baseline.successRate).toBeGreaterThanOrEqual(0.985);
    expect(current.successRate).toBeGreaterThanOrEqual(0.8);
    expect(current.successRate).toBeLessThanOrEqual(0.88);
    expect(current.latency.p99).toBeGreaterThan(1.25 * baseline.latency.p99);
    expect(current.seed).toBe(42);
    // 2-space indented JSON, like the seeds' files.
    expect(readFileSync(join(dir, 'current_metrics.json'), 'utf8')).toMatch(/^\{\n {2}"timestamp"/);
  });

  it('degrades only the named issuer with --issuer and writes only the asked-for file', async () => {
    const dir = tempDir();
    const run = await simulate(
      '--current',
      '--degradation',
      '0.6',
      '--issuer',
      'amex',
      '--out',
      dir,
    );
    expect(run.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['current_metrics.json']);
    const current = readSnapshot(dir, 'current_metrics.json');
    for (const m of current.issuerMetrics) {
      if (m.issuerId === 'amex') expect(m.successRate).toBeLessThan(0.75);
      else expect(m.successRate).toBeGreaterThan(0.97);
    }
  });

  it('prints one JSON line of throughput with --bench', async () => {
    const run = await simulate('--bench', '--events', '20000');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figure = JSON.parse(lines[0]) as Record<string, number>;
    expect(Object.keys(figure)).toEqual(['events', 'seconds', 'eventsPerSecond']);
    expect(figure.events).toBe(20000);
    expect(figure.seconds).toBeGreaterThan(0);
    expect(figure.eventsPerSecond).toBeCloseTo(20000 / figure.seconds, -2);
  });
});
