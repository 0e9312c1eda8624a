import { describe, expect, it } from 'vitest';
import { EvaluationReportSchema, type IncidentScript } from '../../../../src/contracts';
import { scoreScript } from '../../../../src/domain/evaluation/incident-stages';
import { STAGED_POLICIES } from '../../../../src/domain/evaluation/incident-stages-policies';
import {
  formatIncidentTable,
  signedPayments,
} from '../../../../src/domain/evaluation/incident-stages-table';

const LATENCY: IncidentScript = {
  id: 'latency_burst',
  label: 'Latency burst',
  description: 'network latency three times normal for windows 2–5',
  windows: 8,
  events: [
    { at: 2, fault: 'networkLatencyMultiplier', kind: 'set', value: 3 },
    { at: 6, fault: 'networkLatencyMultiplier', kind: 'clear' },
  ],
};

describe('the staged incident table', () => {
  const rows = scoreScript(LATENCY, STAGED_POLICIES, 3);

  it('runs the agent and every baseline, and the agent sees the latency spike when it starts', () => {
    expect(rows.map((r) => r.policy)).toEqual([
      'agent',
      'do_nothing',
      'random',
      'static_rule',
      'sr_router',
    ]);
    expect(rows[0]!.detectedAt).toBe(2);
    expect(rows[0]!.classifiedAt).toBe(2);
    expect(rows[1]!.detectedAt).toBeNull();
  });

  it('prints a row per policy with n/a for a place no action can name', () => {
    const text = formatIncidentTable(rows);
    expect(text).toMatch(/^script\s+policy\s+fault\s+detect\s+localise/m);
    expect(text).toMatch(/^latency_burst\s+agent\s+2–6\s+0\s+n\/a\s+0\s/m);
    expect(text).toMatch(/^latency_burst\s+do_nothing\s+2–6\s+–\s+n\/a\s+–\s+–\s+0\s/m);
    expect(text).toContain('run seed 3');
  });

  it("fits the report's incidents field, which refuses a row without its script", () => {
    const field = EvaluationReportSchema.shape.incidents;
    expect(field.parse(rows)).toEqual(rows);
    const { scriptId: _dropped, ...broken } = rows[0]!;
    expect(field.safeParse([broken]).error?.issues[0]?.path).toEqual([0, 'scriptId']);
  });

  it('signs payments with a true minus sign and thousands separators', () => {
    expect(signedPayments(-12345.4)).toBe('−12,345');
    expect(signedPayments(868)).toBe('+868');
    expect(signedPayments(0.2)).toBe('0');
  });
});
