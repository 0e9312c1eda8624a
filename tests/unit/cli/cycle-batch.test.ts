import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ReasoningResultSchema,
  type LearningRecord,
} from '../../../src/contracts';
import { activeFromViews, runBatchText, type BatchOutput } from '../../../src/cli/cycle-batch';
import { applyAction, toActiveActionView, type ActiveAction } from '../../../src/domain/execution';
import { makeDecision, makeOutcome, T0 } from '../support/factories';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'cycle.ts');
const NOW = 1_700_000_000_000;

const outage = { ...HEALTHY_SCENARIO, id: 'outage', processorHealth: 0.6 };
const line = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ scenario: outage, controlPlane: DEFAULT_CONTROL_PLANE, ...extra });

/** Runs `npm run cycle -- args` with `input` on standard input. */
function cycle(
  input: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

const ok = (out: BatchOutput | undefined) => {
  if (!out || 'error' in out) throw new Error(`expected a result, got ${JSON.stringify(out)}`);
  return out;
};

describe('cycle --batch', () => {
  it('reasons on each line and gives the decision with the guardrails verdict', () => {
    const [out] = runBatchText(line(), NOW);
    const { result, verdict } = ok(out);
    expect(ReasoningResultSchema.safeParse(result).success).toBe(true);
    expect(result.patterns.map((p) => p.type)).toContain('processor_outage');
    expect(result.decision.decidedAt).toBe(NOW);
    expect(['pre_approved', 'asks_human', 'blocked']).toContain(verdict.tier);
    expect(verdict.isApproved).toBe(verdict.violations.length === 0);
    expect(verdict.resultingControlPlane === null).toBe(!verdict.isApproved);
  });

  it('turns a bad line into an error line naming its number and field, and runs the others', () => {
    const text = [
      line(),
      '',
      'not json',
      JSON.stringify({
        scenario: { ...outage, processorHealth: 7 },
        controlPlane: DEFAULT_CONTROL_PLANE,
      }),
      line(),
    ].join('\n');
    const out = runBatchText(text, NOW, 'in.jsonl');
    expect(out.map((o) => [o.line, 'error' in o])).toEqual([
      [1, false],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect(out[1]).toMatchObject({ error: expect.stringMatching(/^in\.jsonl line 3 is not JSON/) });
    expect(out[2]).toMatchObject({
      error: expect.stringMatching(/^in\.jsonl line 4: scenario\.processorHealth: Too big/),
    });
  });

  it('pages no channel again about a pattern it was told of in the windows shown', () => {
    const told = {
      pattern: 'processor_outage',
      channel: 'incident_channel',
      severity: 'critical',
      window: 3,
    };
    const paging = (out: BatchOutput | undefined) =>
      ok(out).result.proposals.filter(
        (p) => p.type === 'send_notification' && p.parameters.channel === 'incident_channel',
      );
    const [fresh, again, older] = runBatchText(
      [line(), line({ notices: [told] }), line({ notices: [{ ...told, window: 9 }] })].join('\n'),
      NOW,
    );
    expect(paging(fresh)).toHaveLength(1);
    expect(paging(again)).toEqual([]);
    // Window 9 is not among the windows 0–3 shown: that notice is another run's.
    expect(paging(older)).toHaveLength(1);
    // A notice that said less than the outage's critical page does not hold that page back.
    const [milder] = runBatchText(line({ notices: [{ ...told, severity: 'warning' }] }), NOW);
    expect(paging(milder)).toHaveLength(1);
    const [bad] = runBatchText(line({ notices: [{ ...told, channel: 'fax' }] }), NOW, 'in.jsonl');
    expect(bad).toMatchObject({
      error: expect.stringMatching(/^in\.jsonl line 1: notices\[0\]\.channel: Invalid option/),
    });
  });

  it('gives the same answer for the same line, and another for another seed', () => {
    const [a, b, c] = runBatchText([line(), line(), line({ seed: 7 })].join('\n'), NOW);
    expect(ok(a).result).toEqual(ok(b).result);
    expect(ok(c).result.anomalies).not.toEqual(ok(a).result.anomalies);
  });

  it('learns from the history a line brings: a past outcome clears the novel situation', () => {
    const [fresh] = runBatchText(line(), NOW);
    const reasons = ok(fresh).result.decision.approvalReasons.join(' ');
    expect(reasons).toMatch(/Novel situation/);
    const decision = makeDecision({ pattern: 'processor_outage' });
    const past: LearningRecord = {
      id: 'past-1',
      recordedAt: T0,
      status: 'executed',
      pattern: 'processor_outage',
      actionType: decision.selectedAction.type,
      decision,
      outcome: makeOutcome(),
    };
    const [learned] = runBatchText(line({ history: [past] }), NOW);
    expect(ok(learned).result.decision.approvalReasons.join(' ')).not.toMatch(/Novel situation/);
  });

  it('counts the actions in force a line gives against the concurrent-action limit', () => {
    const views = [0, 1, 2].map((i) => ({
      recordId: `r${i}`,
      action: makeDecision({ type: 'adjust_timeout', parameters: { timeoutMs: 1500 + i } })
        .selectedAction,
      pattern: 'latency_spike',
      appliedAt: T0,
      reason: 'test',
    }));
    const plane = { ...DEFAULT_CONTROL_PLANE, timeoutMs: 1502 };
    const [out] = runBatchText(line({ controlPlane: plane, activeActions: views }), NOW);
    const { result, verdict } = ok(out);
    // An unwind, a notification or doing nothing adds no action; anything else must wait.
    const adds = !['do_nothing', 'send_notification', 'unwind_action'].includes(
      result.decision.selectedAction.type,
    );
    expect(verdict.violations.some((v) => v.rule === 'max_concurrent_actions')).toBe(adds);
  });

  it('takes the actions in force as applied in order on the default plane', () => {
    const shift = makeDecision({
      type: 'shift_traffic',
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
    });
    const timeout = makeDecision({ type: 'adjust_timeout', parameters: { timeoutMs: 1500 } });
    const view = (recordId: string, d: typeof shift) =>
      toActiveActionView({
        action: d.selectedAction,
        pattern: 'issuer_degradation',
        planeBefore: DEFAULT_CONTROL_PLANE,
        appliedAt: T0,
        recordId,
        decision: d,
      } as ActiveAction);
    const plane = { ...DEFAULT_CONTROL_PLANE, notificationsSent: 2 };
    const active = activeFromViews([view('a', shift), view('b', timeout)], plane);
    expect(active[0]?.planeBefore).toEqual(plane);
    expect(active[1]?.planeBefore).toEqual(applyAction(plane, shift.selectedAction));
    expect(active.map((a) => [a.recordId, a.decision.selectedAction.type])).toEqual([
      ['a', 'shift_traffic'],
      ['b', 'adjust_timeout'],
    ]);
  });

  it('reads standard input with -, one JSON line out per line in, and exits 1 when a line was refused', async () => {
    const run = await cycle(`${line()}\n{"scenario":1}\n`, '--batch', '-', '--now', String(NOW));
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchOutput);
    expect(lines.map((l) => l.line)).toEqual([1, 2]);
    expect(lines[1]).toMatchObject({ error: expect.stringMatching(/^- line 2: scenario/) });
  });

  it('refuses flags that describe a world of their own beside --batch', async () => {
    const run = await cycle('', '--batch', '-', '--degradation', '0.8');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--degradation cannot be used with --batch/);
  });
});
