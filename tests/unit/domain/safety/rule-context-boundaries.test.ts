import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type HumanApproval,
} from '../../../../src/contracts';
import { ruleContext } from '../../../../src/domain/safety';
import { makeDecision, T0 } from '../../support/factories';

function read(decision: unknown, humanApproval?: HumanApproval): ReturnType<typeof ruleContext> {
  return ruleContext({
    decision,
    controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
    activeActionCount: 0,
    limits: DEFAULT_SAFETY_LIMITS,
    ...(humanApproval ? { humanApproval } : {}),
  });
}

describe('ruleContext: what is not an object', () => {
  it.each([
    ['null', null],
    ['a string', 'shift all traffic'],
    ['a number', 42],
    ['an array', [makeDecision()]],
  ])('treats %s as not an object, without parse problems or key scans', (_, decision) => {
    const ctx = read(decision);
    expect(ctx.notAnObject).toBe(true);
    expect(ctx.decisionProblems).toEqual([]);
    expect(ctx.unsafeKey).toBeNull();
    expect(ctx.parsedDecision).toBeNull();
  });

  it('treats a plain object as an object', () => {
    const ctx = read(makeDecision());
    expect(ctx.notAnObject).toBe(false);
    expect(ctx.parsedDecision).not.toBeNull();
  });
});

describe('ruleContext: decision problems', () => {
  it('lists contract problems other than the type and confidence', () => {
    const decision = makeDecision() as unknown as Record<string, unknown>;
    delete decision.score;
    const ctx = read(decision);
    expect(ctx.decisionProblems).toHaveLength(1);
    expect(ctx.decisionProblems[0]).toMatch(/^score: /);
  });

  it('leaves a non-numeric confidence to its own rule but keeps the other problems', () => {
    const decision = makeDecision() as unknown as Record<string, unknown>;
    decision.confidenceInDecision = 'high';
    delete decision.score;
    const ctx = read(decision);
    expect(ctx.decisionProblems).toHaveLength(1);
    expect(ctx.decisionProblems[0]).toMatch(/^score: /);
  });

  it('lists a finite confidence outside the contract range as a problem', () => {
    const decision = makeDecision() as unknown as Record<string, unknown>;
    decision.confidenceInDecision = 1.5;
    const ctx = read(decision);
    expect(ctx.decisionProblems).toHaveLength(1);
    expect(ctx.decisionProblems[0]).toMatch(/^confidenceInDecision: /);
  });
});

describe('ruleContext: human approval', () => {
  it('reads no answer as no approval and a valid answer as given', () => {
    expect(read(makeDecision()).human).toBeNull();
    const answer: HumanApproval = { approved: true, by: 'ops lead', at: T0 };
    expect(read(makeDecision(), answer).human).toEqual(answer);
  });
});
