import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReasoningResultSchema } from '../../../src/contracts';
import { parseOptions, runCycle } from '../../../src/cli/cycle';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'cycle.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the cycle command line with `args` and resolves with its exit code and output. */
function cycle(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const clock = () => 1_700_000_000_000;

describe('cycle command line', () => {
  it('prints a contract-valid ReasoningResult with --json', async () => {
    const run = await cycle(
      '--degradation',
      '0.85',
      '--issuer',
      'visa',
      '--json',
      '--now',
      '1700000000000',
    );
    expect(run.code).toBe(0);
    const result = ReasoningResultSchema.parse(JSON.parse(run.stdout));
    expect(result.patterns[0]).toMatchObject({ type: 'issuer_degradation', issuerIds: ['visa'] });
    expect(result.decision.decidedAt).toBe(1_700_000_000_000);
  });

  it('prints a readable report by default', async () => {
    const run = await cycle('--degradation', '0.85', '--issuer', 'visa', '--events', '3000');
    expect(run.code).toBe(0);
    for (const heading of [
      'Anomalies Detected:',
      'Patterns Recognized:',
      'Hypotheses Generated (template):',
      'Action Proposals:',
      'Decision:',
      'Requires Approval: true',
    ])
      expect(run.stdout).toContain(heading);
    expect(run.stdout).toMatch(/Scenario: degradation 0\.85 \(visa\); 3000 events, seed 42/);
    expect(run.stdout).toMatch(/Novel situation: no past outcome for pattern issuer_degradation/);
  });

  it.each([
    [['--degradation', '2']],
    [['--degradation', 'abc']],
    [['--issuer', 'diners']],
    [['--events', '0']],
    [['--seed', '-1']],
    [['--latency-multiplier', '0.5']],
    [['--unknown']],
    [['positional']],
  ])('exits 2 with the usage for %j', async (args) => {
    const run = await cycle(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cycle: /);
    expect(run.stderr).toContain('Usage: npm run cycle');
    expect(run.stdout).toBe('');
  });
});

describe('cycle options', () => {
  it('degrades every issuer without --issuer and one with it', () => {
    const all = parseOptions(['--degradation', '0.9'], clock);
    const one = parseOptions(['--degradation', '0.9', '--issuer', 'amex'], clock);
    if (all === 'help' || one === 'help') throw new Error('unexpected help');
    expect(Object.values(all.scenario.issuerHealth)).toEqual([0.9, 0.9, 0.9, 0.9]);
    expect(one.scenario.issuerHealth).toEqual({ visa: 1, mastercard: 1, amex: 0.9, discover: 1 });
    expect(one.now).toBe(1_700_000_000_000);
  });

  it('reaches every fault of the world model', () => {
    const o = parseOptions(
      [
        '--processor-health',
        '0.6',
        '--decline-rate',
        '0.1',
        '--latency-multiplier',
        '3',
        '--retry-aggressiveness',
        '1',
        '--no-backoff',
      ],
      clock,
    );
    if (o === 'help') throw new Error('unexpected help');
    expect(o.scenario).toMatchObject({
      processorHealth: 0.6,
      issuerDeclineRate: 0.1,
      networkLatencyMultiplier: 3,
      retryAggressiveness: 1,
      clientBackoff: false,
    });
  });

  it('runs a processor outage to a routing decision', () => {
    const o = parseOptions(['--processor-health', '0.6', '--events', '3000'], clock);
    if (o === 'help') throw new Error('unexpected help');
    const { result } = runCycle(o);
    expect(result.patterns[0]!.type).toBe('processor_outage');
    expect(result.decision.selectedAction.category).toBe('traffic_routing');
  });
});
