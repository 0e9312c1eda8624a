import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvaluationReportSchema } from '../../../src/contracts';
import { formatReport, parseOptions, runEvaluation } from '../../../src/cli/evaluate';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'evaluate.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the evaluate command line with `args` and resolves with its exit code and output. */
function evaluate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('evaluate command line', () => {
  it('prints a contract-valid EvaluationReport with --json', async () => {
    const run = await evaluate(
      '--seeds',
      '1',
      '--cycles',
      '4',
      '--situations',
      'healthy,visa-severe',
      '--json',
    );
    expect(run.code).toBe(0);
    const report = EvaluationReportSchema.parse(JSON.parse(run.stdout));
    expect(report.results.map((r) => r.situationId)).toEqual(['healthy', 'visa-severe']);
    expect(report.summary.overall.cases).toBe(2);
    expect(report.learning.on.points).toHaveLength(4);
  });

  it.each([
    [['--seeds', '0']],
    [['--seeds', 'abc']],
    [['--cycles', '-1']],
    [['--seed', '1.5']],
    [['--situations', 'atlantis']],
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

describe('evaluate options and table', () => {
  it('defaults to 20 seeds and 200 cycles', () => {
    expect(parseOptions([])).toEqual({
      seeds: 20,
      cycles: 200,
      seed: 1,
      situations: undefined,
      json: false,
    });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it('prints a row per situation, the overall row and the learning curve', () => {
    const report = runEvaluation({
      seeds: 1,
      cycles: 3,
      seed: 2,
      situations: ['healthy', 'retry-storm'],
      json: false,
    });
    const text = formatReport(report);
    expect(text).toMatch(/^situation\s+n\s+pattern\s+hypothesis\s+oracle agree/m);
    expect(text).toMatch(/^healthy\s+1\s+100%/m);
    expect(text).toMatch(/^retry-storm\s+1\s/m);
    expect(text).toMatch(/^overall\s+2\s/m);
    expect(text).toMatch(/learning on : cumulative regret \d+\.\d{3}/);
    expect(text).toMatch(/reduction {3}: /);
  });
});
