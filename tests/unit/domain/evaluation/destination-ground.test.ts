import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE } from '../../../../src/contracts';
import { warmRun } from '../../../../src/domain/evaluation/case-world';
import { situationById, type Situation } from '../../../../src/domain/evaluation/catalog';
import {
  destinationGround,
  formatDestinationGround,
} from '../../../../src/domain/evaluation/destination-ground';
import type { CandidateAction } from '../../../../src/domain/evaluation/oracle';

const VISA_SHIFT: CandidateAction = {
  type: 'shift_traffic',
  parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
};
const FAILOVER: CandidateAction = {
  type: 'failover_processor',
  parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
};
const DISABLE_VISA_PRIMARY: CandidateAction = {
  type: 'disable_route',
  parameters: { issuerId: 'visa', routeId: 'primary' },
};

/** The catalog's severe Visa fault with other faults and a start plane laid over it. */
function visaFault(
  faults: Partial<Situation['faults']> = {},
  startPlane?: Situation['startPlane'],
): Situation {
  const base = situationById('visa-severe');
  return { ...base, faults: { ...base.faults, ...faults }, ...(startPlane ? { startPlane } : {}) };
}

describe("a routing pick's destination ground", () => {
  it('is unobserved and healthy when the backup carried nothing and is sound', () => {
    const run = warmRun(visaFault(), 1);
    expect(destinationGround(VISA_SHIFT, run)).toBe('unobserved, healthy');
    expect(destinationGround(DISABLE_VISA_PRIMARY, run)).toBe('unobserved, healthy');
  });

  it('is unobserved and weak when the backup processor is sick but carried nothing', () => {
    const run = warmRun(visaFault({ backupProcessorHealth: 0.7 }), 1);
    expect(destinationGround(VISA_SHIFT, run)).toBe('unobserved, weak');
    expect(destinationGround(FAILOVER, run)).toBe('unobserved, weak');
  });

  it('counts a weak backup route of an issuer the move does not touch only for a failover', () => {
    const run = warmRun(visaFault({ routeHealth: { amex: { backup: 0.6 } } }), 1);
    expect(destinationGround(VISA_SHIFT, run)).toBe('unobserved, healthy');
    expect(destinationGround(FAILOVER, run)).toBe('unobserved, weak');
  });

  it('is observed when the backup already carries part of the traffic, weak or not', () => {
    const startPlane = {
      ...DEFAULT_CONTROL_PLANE,
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.6, backup: 0.4 } },
    };
    const run = warmRun(visaFault({ backupProcessorHealth: 0.7 }, startPlane), 1);
    expect(destinationGround(VISA_SHIFT, run)).toBe('observed');
  });

  it('is none for an action that moves no traffic', () => {
    const run = warmRun(visaFault(), 1);
    expect(destinationGround({ type: 'implement_backoff', parameters: {} }, run)).toBeNull();
    expect(destinationGround({ type: 'do_nothing', parameters: {} }, run)).toBeNull();
  });

  it('prints each ground with how many picks met their expectations', () => {
    const lines = formatDestinationGround([
      { destination: 'observed', met: true },
      { destination: 'unobserved, weak', met: false },
      { destination: 'unobserved, weak', met: true },
      { destination: null, met: false },
    ]);
    expect(lines.slice(2)).toEqual([
      '  observed             1     1 (100%)',
      '  unobserved, weak     2     1 (50%)',
    ]);
  });
});
