import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  ReasoningInputSchema,
  type ActionProposal,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { headroomBand, routeHeadroom, SAFE_LOAD } from '../../../../src/domain/reasoning/headroom';
import { checkGuardrails } from '../../../../src/domain/safety';
import { observe, planeWith, visaDownBackupBusy } from './observations';
import { makeInput, makeSnapshot } from './snapshots';
import { simulated } from './simulated';

const visaShifts = (proposals: readonly ActionProposal[]) =>
  proposals.filter((p) => p.type === 'shift_traffic' && p.parameters.issuerId === 'visa');

// Visa makes 2,700 attempts on primary; the backup carries 1,050 of Mastercard's.
const VISA_ATTEMPTS = 2700;
const BACKUP_ATTEMPTS = 1050;

describe('the destination route’s headroom', () => {
  it('reads the room below the safe load from the reported load', () => {
    const h = routeHeadroom([visaDownBackupBusy(0.5)], 'backup');
    // Capacity 1,050 / 0.5 = 2,100 attempts; room to 0.8 load = 0.3 × 2,100.
    expect(h.spareAttempts).toBeCloseTo((SAFE_LOAD - 0.5) * (BACKUP_ATTEMPTS / 0.5), 6);
    expect(headroomBand(h, 600)).toBe('ample');
    expect(headroomBand(h, 1000)).toBe('short');
    expect(headroomBand(h, 5000)).toBe('none');
  });

  it('sees no room on a route that got worse as its volume grew, even without a load figure', () => {
    const windows = [
      visaDownBackupBusy(undefined, 0.99, 0.2),
      visaDownBackupBusy(undefined, 0.97, 0.35),
      visaDownBackupBusy(undefined, 0.93, 0.5),
    ];
    const h = routeHeadroom(windows, 'backup');
    expect(h.strainedByVolume).toBe(true);
    expect(h.spareAttempts).toBe(0);
    const steady = routeHeadroom(
      [visaDownBackupBusy(undefined, 0.99, 0.2), visaDownBackupBusy(undefined, 0.99, 0.5)],
      'backup',
    );
    expect(steady.strainedByVolume).toBe(false);
    expect(headroomBand(steady, 100)).toBe('unknown');
  });
});

describe('the headroom of a route that strained only past its capacity', () => {
  // Mastercard's backup share (and so the backup's volume): 20 %, then 50 %, now 30 %.
  const windows = (strainedLoad: number) => [
    visaDownBackupBusy(0.2, 0.99, 0.2),
    visaDownBackupBusy(strainedLoad, 0.9, 0.5),
    visaDownBackupBusy(0.3, 0.99, 0.3),
  ];

  it('trusts the load figure when it was overloaded where it got worse', () => {
    const h = routeHeadroom(windows(2), 'backup');
    const now = windows(2)[2]!.routeMetrics!.find((r) => r.routeId === 'backup')!;
    expect(h.strainedByVolume).toBe(true);
    expect(h.spareAttempts).toBeCloseTo((SAFE_LOAD - 0.3) * (now.attemptCount / 0.3), 6);
    expect(h.basis).toContain('it got worse only past its capacity (load 2.00)');
  });

  it('sees no room when it got worse while its load said it had some', () => {
    const h = routeHeadroom(windows(0.6), 'backup');
    expect(h.spareAttempts).toBe(0);
    expect(h.basis).toContain('; it got worse as its volume grew');
    // Exactly at capacity is not past it.
    expect(routeHeadroom(windows(1), 'backup').spareAttempts).toBe(0);
  });
});

describe('planning with the destination in view', () => {
  it('moves the seeds’ 50 % when the backup reports no load', () => {
    const shifts = visaShifts(reason(makeInput(visaDownBackupBusy(undefined))).proposals);
    expect(Math.max(...shifts.map((p) => Number(p.parameters.percentage)))).toBe(0.5);
  });

  it('sizes the move down to what a half-loaded backup can take', () => {
    const { proposals, decision } = reason(makeInput(visaDownBackupBusy(0.5)));
    const shifts = visaShifts(proposals);
    expect(shifts.length).toBeGreaterThan(0);
    const room = (SAFE_LOAD - 0.5) * (BACKUP_ATTEMPTS / 0.5);
    for (const s of shifts)
      expect(Number(s.parameters.percentage) * VISA_ATTEMPTS).toBeLessThanOrEqual(room + 1e-6);
    expect(Math.max(...shifts.map((p) => Number(p.parameters.percentage)))).toBe(0.23);
    expect(shifts[0]?.rationale).toContain('sized down from 50%');
    expect(decision.selectedAction.type).toBe('shift_traffic');
  });

  it('proposes no move into a backup that is nearly full, and picks something else', () => {
    const { proposals, decision } = reason(makeInput(visaDownBackupBusy(0.78)));
    expect(visaShifts(proposals)).toEqual([]);
    expect(proposals.some((p) => p.type === 'disable_route')).toBe(false);
    expect(decision.selectedAction.type).not.toBe('shift_traffic');
  });

  it('proposes no move into a backup the windows show straining under its volume', () => {
    const strained = [
      visaDownBackupBusy(undefined, 0.99, 0.2),
      visaDownBackupBusy(undefined, 0.97, 0.35),
      visaDownBackupBusy(undefined, 0.93, 0.5),
    ];
    const plane = planeWith({ mastercard: { primary: 0.5, backup: 0.5 } });
    expect(visaShifts(reason(observe(strained, { controlPlane: plane })).proposals)).toEqual([]);
    const steady = [visaDownBackupBusy(undefined, 0.99, 0.2), visaDownBackupBusy(undefined)];
    expect(
      visaShifts(reason(observe(steady, { controlPlane: plane })).proposals).length,
    ).toBeGreaterThan(0);
  });

  it('reads its last window as the current one when given an observation', () => {
    const healthyThenDown = [makeSnapshot(), visaDownBackupBusy(undefined)];
    const downThenHealthy = [visaDownBackupBusy(undefined), makeSnapshot()];
    expect(reason(observe(healthyThenDown)).decision.selectedAction.type).toBe('shift_traffic');
    expect(reason(observe(downThenHealthy)).decision.selectedAction.type).toBe('do_nothing');
  });

  it('refuses an input with neither an observation nor both snapshots, naming the field', () => {
    const input = makeInput(makeSnapshot());
    const { currentMetrics: _dropped, ...rest } = input;
    const parsed = ReasoningInputSchema.safeParse(rest);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['observation']);
    expect(() => reason(rest)).toThrow(/observation, or currentMetrics and baselineMetrics/);
  });
});

describe('sizes clamped to a stricter limit in force', () => {
  const limits = { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.2 };
  const { current, baseline } = simulated('processorOutage');
  const result = reason({ ...makeInput(current, baseline), limits });
  const moves = result.proposals.filter(
    (p) => p.type === 'shift_traffic' || p.type === 'failover_processor',
  );

  it('moves no more than the 20 % the settings allow', () => {
    expect(moves.length).toBeGreaterThan(0);
    for (const p of moves) expect(Number(p.parameters.percentage)).toBeLessThanOrEqual(0.2);
    expect(moves.some((p) => p.parameters.percentage === 0.2)).toBe(true);
  });

  it('proposes nothing the traffic-shift guardrail would block', () => {
    for (const p of result.proposals) {
      const rules = checkGuardrails({
        decision: { ...result.decision, selectedAction: p, confidenceInDecision: 0.9 },
        controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
        activeActionCount: 0,
        limits,
      }).violations.map((v) => v.rule);
      expect(rules).not.toContain('max_traffic_shift');
    }
  });
});
