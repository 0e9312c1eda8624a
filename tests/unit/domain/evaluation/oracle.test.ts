import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, DEFAULT_SAFETY_LIMITS } from '../../../../src/contracts';
import {
  CATALOG,
  EVALUATION_EPOCH,
  INACTION_RISK,
  actionKey,
  actionRisk,
  candidateActions,
  caseWorld,
  decisionFor,
  operatorApproval,
  runOracle,
  situationById,
} from '../../../../src/domain/evaluation';
import { assessDecision } from '../../../../src/domain/execution';

describe('oracle', () => {
  it('shifts the degraded issuer off its primary route when that issuer is severely degraded', () => {
    for (const id of ['visa', 'mastercard'] as const) {
      const world = caseWorld(situationById(`${id}-severe`), 2);
      const { best, candidates } = runOracle(world);
      expect(actionKey(best.action)).toBe(`shift_traffic:${id}:primary`);
      expect(best.impact.successRateChange).toBeGreaterThan(0.05);
      const nothing = candidates.find((c) => c.action.type === 'do_nothing')!;
      expect(best.impact.objective).toBeGreaterThan(nothing.impact.objective + 0.1);
    }
  });

  it('does nothing on a healthy window', () => {
    const { best } = runOracle(caseWorld(situationById('healthy'), 4));
    expect(best.action.type).toBe('do_nothing');
    expect(best.impact).toMatchObject({ successRateChange: 0, latencyChangeMs: 0, risk: 0 });
  });

  it('damps retries in a retry storm', () => {
    const { best } = runOracle(caseWorld(situationById('retry-storm'), 1));
    expect(['implement_backoff', 'adjust_retry_policy', 'rate_limit']).toContain(best.action.type);
  });

  it('never picks an action the guardrails forbid, and refuses disabling a full primary', () => {
    for (const situation of CATALOG) {
      const world = caseWorld(situation, 5);
      const { best, candidates, refused } = runOracle(world);
      const check = assessDecision({
        decision: decisionFor(best.action, best.impact.risk, EVALUATION_EPOCH),
        controlPlane: DEFAULT_CONTROL_PLANE,
        activeActionCount: 0,
        limits: DEFAULT_SAFETY_LIMITS,
        humanApproval: operatorApproval(EVALUATION_EPOCH),
      });
      expect(check.safetyCheck.isApproved).toBe(true);
      expect(candidates.every((c) => c.action.type !== 'disable_route')).toBe(true);
      expect(refused.filter((r) => r.action.type === 'disable_route')).toHaveLength(4);
      for (const r of refused) expect(r.reason).toMatch(/at most 50\.0% per action/);
      // Best first.
      for (let i = 1; i < candidates.length; i++)
        expect(candidates[i - 1]!.impact.objective).toBeGreaterThanOrEqual(
          candidates[i]!.impact.objective - 1e-9,
        );
    }
  });

  it('uses one candidate set whatever the situation, with fixed risks', () => {
    const keys = candidateActions().map((a) => JSON.stringify(a));
    expect(keys.length).toBeGreaterThanOrEqual(18);
    expect(new Set(keys).size).toBe(keys.length);
    expect(actionRisk({ type: 'do_nothing', parameters: {} }, true)).toBe(INACTION_RISK);
    expect(actionRisk({ type: 'do_nothing', parameters: {} }, false)).toBe(0);
    expect(
      actionRisk(
        {
          type: 'shift_traffic',
          parameters: {
            issuerId: 'visa',
            fromRoute: 'primary',
            toRoute: 'backup',
            percentage: 0.5,
          },
        },
        true,
      ),
    ).toBeCloseTo(0.3, 9);
  });

  it('keys agreement by type and target: shifts of one issuer agree, other issuers do not', () => {
    const shift = (issuerId: string, percentage: number) => ({
      type: 'shift_traffic' as const,
      parameters: { issuerId, fromRoute: 'primary', toRoute: 'backup', percentage },
    });
    expect(actionKey(shift('visa', 0.25))).toBe(actionKey(shift('visa', 0.5)));
    expect(actionKey(shift('visa', 0.5))).not.toBe(actionKey(shift('amex', 0.5)));
    expect(actionKey({ type: 'adjust_timeout', parameters: { timeoutMs: 3000 } })).toBe(
      actionKey({ type: 'adjust_timeout', parameters: { timeoutMs: 5000 } }),
    );
  });
});
