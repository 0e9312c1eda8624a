import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  IncidentStageRowSchema,
  type ActionParameters,
  type ActionType,
  type IncidentScript,
} from '../../../../src/contracts';
import {
  incidentReferences,
  paymentsLost,
  scoreScript,
  type StagedPolicy,
} from '../../../../src/domain/evaluation/incident-stages';
import {
  doNothingPolicy,
  plainDecision,
} from '../../../../src/domain/evaluation/incident-stages-policies';
import { runFixed } from '../../../../src/domain/evaluation/incident-stages-run';
import type { Policy } from '../../../../src/domain/policies/policy';

/** Visa's primary route at half health from window 3; it clears at window 8. */
const SHORT: IncidentScript = {
  id: 'short_visa_outage',
  label: 'Short Visa outage',
  description: 'Visa primary at 50 % for windows 3–7.',
  windows: 12,
  events: [
    { at: 3, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 },
    { at: 8, fault: 'issuerHealth.visa', kind: 'clear' },
  ],
};

type Step = { type: ActionType; parameters: ActionParameters; pattern?: string };

const SHIFT_VISA: Step = {
  type: 'shift_traffic',
  parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
  pattern: 'issuer_degradation',
};

/**
 * A policy that does what it is told at given windows of the clock (do nothing otherwise); an
 * `unwind` step undoes the oldest action in force, as its audit record names it.
 */
function scripted(id: StagedPolicy['id'], steps: Record<number, Step | 'unwind'>): StagedPolicy {
  const factory = (): Policy => ({
    id,
    decide: ({ observation, now }) => {
      const w = observation.windows[observation.windows.length - 1]!.window;
      const step = steps[w];
      if (step === 'unwind') {
        const oldest = observation.activeActions[0];
        if (!oldest) return plainDecision('do_nothing', {}, now);
        return plainDecision(
          'unwind_action',
          { actionRecordId: oldest.recordId, fraction: 1 },
          now,
          'issuer_degradation',
        );
      }
      return step
        ? plainDecision(step.type, step.parameters, now, step.pattern)
        : plainDecision('do_nothing', {}, now);
    },
  });
  return { id, factory };
}

/** The rest of Visa's primary after the first half: its share there less the probe share. */
const SHIFT_VISA_REST: Step = {
  ...SHIFT_VISA,
  parameters: { ...SHIFT_VISA.parameters, percentage: 0.45 },
};

const DO_NOTHING: StagedPolicy = { id: 'do_nothing', factory: doNothingPolicy };
/** Detects at window 3, moves all of Visa off its primary by window 4, unwinds at 9 and 10. */
const RESPONDER = scripted('static_rule', {
  3: SHIFT_VISA,
  4: SHIFT_VISA_REST,
  9: 'unwind',
  10: 'unwind',
});
/** The same response, never unwound. */
const STUCK = scripted('sr_router', { 3: SHIFT_VISA, 4: SHIFT_VISA_REST });
/** Proposes the same half-shift twice: the second renews the first instead of moving more. */
const REPEATER = scripted('random', { 3: SHIFT_VISA, 4: SHIFT_VISA });

const SEED = 7;

describe('incidents scored by stage', () => {
  const [responder, stuck, nothing] = scoreScript(SHORT, [RESPONDER, STUCK, DO_NOTHING], SEED);

  it('reads the fault span from the script: it starts at window 3 and clears at window 8', () => {
    expect(responder!.faultStart).toBe(3);
    expect(responder!.faultClear).toBe(8);
    expect(responder!.truth).toBe('issuerHealth.visa');
    expect(responder!.localisable).toBe(true);
  });

  it('finds the windows a responding policy detects, localises, classifies, mitigates and recovers', () => {
    expect(responder!.detectedAt).toBe(3);
    expect(responder!.localisedAt).toBe(3);
    expect(responder!.classifiedAt).toBe(3);
    // The first half-shift is in force from window 4, the second from window 5; the second keeps
    // the probe share on Visa's failing primary, so success is back within 1 pt a window later.
    expect(responder!.mitigatedAt).toBe(6);
    // The fault clears at 8; the second unwind at window 10 brings the plane back to default.
    expect(responder!.recoveredAt).toBe(10);
    expect(responder!.timeToDetect).toBe(0);
    expect(responder!.timeToMitigate).toBe(3);
    expect(responder!.timeToRecover).toBe(2);
    expect(responder!.mitigationDebt).toBe(0);
    expect(responder!.actionsApplied).toBe(4);
    expect(responder!.actionsBlocked).toBe(0);
  });

  it('counts the payments a policy saved against doing nothing on the same seeds', () => {
    const refs = incidentReferences(SHORT, SEED);
    const doNothingLost = paymentsLost(runFixed(SHORT, SEED, DEFAULT_CONTROL_PLANE), refs.baseline);
    expect(nothing!.paymentsLost).toBe(doNothingLost);
    expect(nothing!.lostVsDoNothing).toBe(0);
    expect(doNothingLost).toBeGreaterThan(500);
    expect(responder!.doNothingLost).toBe(doNothingLost);
    expect(responder!.lostVsDoNothing).toBe(responder!.paymentsLost - doNothingLost);
    expect(responder!.lostVsDoNothing).toBeLessThan(-300);
    // The oracle may move everything at once, so it loses no more than the responder.
    expect(responder!.oracleLost).toBeLessThanOrEqual(responder!.paymentsLost);
    expect(responder!.lostVsOracle).toBe(responder!.paymentsLost - responder!.oracleLost);
  });

  it('gives a policy that never unwinds no recovered time and leaves its debt', () => {
    expect(stuck!.mitigatedAt).toBe(6);
    expect(stuck!.recoveredAt).toBeNull();
    expect(stuck!.timeToRecover).toBeNull();
    // Visa carries about 45 % of payments and all of it is still on the backup.
    expect(stuck!.mitigationDebt).toBeGreaterThan(0.4);
    expect(stuck!.mitigationDebt).toBeLessThan(0.5);
  });

  it('scores doing nothing as never detecting or mitigating, and recovered the window the fault clears', () => {
    expect(nothing!.detectedAt).toBeNull();
    expect(nothing!.localisedAt).toBeNull();
    expect(nothing!.classifiedAt).toBeNull();
    expect(nothing!.mitigatedAt).toBeNull();
    expect(nothing!.recoveredAt).toBe(8);
    expect(nothing!.timeToRecover).toBe(0);
  });

  it('renews an action proposed again instead of applying it twice, as the executor does', () => {
    const [row] = scoreScript(SHORT, [REPEATER], SEED);
    expect(row!.actionsApplied).toBe(1);
    expect(row!.actionsBlocked).toBe(0);
    // Half of Visa (about 45 % of payments) is still on the backup, not all of it.
    expect(row!.mitigationDebt).toBeGreaterThan(0.2);
    expect(row!.mitigationDebt).toBeLessThan(0.25);
  });

  it('counts acting before the fault as false alarms, not as detection', () => {
    const [early] = scoreScript(SHORT, [scripted('random', { 1: SHIFT_VISA })], SEED);
    expect(early!.falseAlarmWindows).toBe(1);
    expect(early!.detectedAt).toBeNull();
  });

  it('does not count a wrong pattern or a wrong target as classified or localised', () => {
    const wrong = scripted('random', {
      3: {
        type: 'shift_traffic',
        parameters: { issuerId: 'amex', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
        pattern: 'latency_spike',
      },
    });
    const [row] = scoreScript(SHORT, [wrong], SEED);
    expect(row!.detectedAt).toBe(3);
    expect(row!.localisedAt).toBeNull();
    expect(row!.classifiedAt).toBeNull();
  });

  it('counts a decision the guardrails refuse as blocked and changes nothing', () => {
    const greedy = scripted('random', {
      3: { ...SHIFT_VISA, parameters: { ...SHIFT_VISA.parameters, percentage: 0.9 } },
    });
    const [row] = scoreScript(SHORT, [greedy], SEED);
    expect(row!.actionsBlocked).toBe(1);
    expect(row!.actionsApplied).toBe(0);
    expect(row!.paymentsLost).toBe(nothing!.paymentsLost);
  });

  it('gives no recovered window when the fault never clears', () => {
    const lasting: IncidentScript = { ...SHORT, id: 'lasting', events: [SHORT.events[0]!] };
    const [row] = scoreScript(lasting, [DO_NOTHING], SEED);
    expect(row!.faultClear).toBeNull();
    expect(row!.recoveredAt).toBeNull();
  });

  it('is the same for the same script, seed and policy', () => {
    expect(scoreScript(SHORT, [RESPONDER], SEED)[0]).toEqual(responder);
  });
});

describe('the staged row contract', () => {
  it('refuses a negative window, naming the field', () => {
    const parsed = IncidentStageRowSchema.safeParse({ ...responderRow(), detectedAt: -1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['detectedAt']);
  });
});

function responderRow() {
  return scoreScript(SHORT, [RESPONDER], SEED)[0]!;
}
