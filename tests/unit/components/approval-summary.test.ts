import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import { affectedShare, describeChange } from '../../../src/components/decision/approval-summary';
import { simulateWindow } from '../../../src/domain/simulation';
import { makeProposal, VALID_PARAMETERS } from '../support/factories';

const window = simulateWindow(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 1_700_000_000_000);
const visaShare =
  window.issuerMetrics.find((m) => m.issuerId === 'visa')!.transactionCount /
  window.issuerMetrics.reduce((sum, m) => sum + m.transactionCount, 0);

describe('describeChange', () => {
  it('says a shift in words: how much of which issuer goes where', () => {
    const shift = makeProposal({
      type: 'shift_traffic',
      parameters: VALID_PARAMETERS.shift_traffic,
    });
    expect(describeChange(shift)).toBe(
      'Move 25 % of Visa payments from the primary route to the backup route.',
    );
  });

  it('says a retry change and a notification in words', () => {
    const retry = makeProposal({
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 1, multiplier: 1, retryHardDeclines: false },
    });
    expect(describeChange(retry)).toBe(
      'Allow at most 1 retries per payment with multiplier 1, and stop retrying hard declines.',
    );
    const notify = makeProposal({
      type: 'send_notification',
      parameters: VALID_PARAMETERS.send_notification,
    });
    expect(describeChange(notify)).toBe('Notify on call (warning); routing stays as it is.');
  });

  it('says which action in force an unwind undoes, not only its record id', () => {
    const failover = makeProposal({
      type: 'failover_processor',
      parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.45 },
    });
    const unwind = makeProposal({
      type: 'unwind_action',
      parameters: { actionRecordId: 'rec-2', fraction: 0.5 },
    });
    const other = makeProposal({
      type: 'shift_traffic',
      parameters: VALID_PARAMETERS.shift_traffic,
    });
    const inForce = [
      { recordId: 'rec-1', action: other },
      { recordId: 'rec-2', action: failover },
    ];
    expect(describeChange(unwind, inForce)).toBe(
      "Undo 50 % of the failover_processor in force (move up to 45 % of every issuer's payments " +
        'from the primary processor to the backup processor): that part goes back to the plane before it.',
    );
    // Gone from the plane meanwhile: the record id is all there is to name it by.
    expect(describeChange(unwind, [inForce[0]!])).toBe(
      'Undo 50 % of the action recorded as rec-2: that part goes back to the plane before it.',
    );
  });
});

describe('affectedShare', () => {
  it('is the issuer’s share of payments times the share moved', () => {
    const shift = makeProposal({
      type: 'shift_traffic',
      parameters: VALID_PARAMETERS.shift_traffic,
    });
    expect(affectedShare(shift, window, DEFAULT_CONTROL_PLANE)).toBeCloseTo(visaShare * 0.25, 12);
    expect(visaShare).toBeGreaterThan(0.4);
  });

  it('touches every payment for a retry change and none for a notification', () => {
    const retry = makeProposal({
      type: 'adjust_retry_policy',
      parameters: VALID_PARAMETERS.adjust_retry_policy,
    });
    const notify = makeProposal({
      type: 'send_notification',
      parameters: VALID_PARAMETERS.send_notification,
    });
    expect(affectedShare(retry, window, DEFAULT_CONTROL_PLANE)).toBe(1);
    expect(affectedShare(notify, window, DEFAULT_CONTROL_PLANE)).toBe(0);
  });

  it('moves each issuer’s primary share, capped by what it carries, in a failover', () => {
    const failover = makeProposal({
      type: 'failover_processor',
      parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.4 },
    });
    expect(affectedShare(failover, window, DEFAULT_CONTROL_PLANE)).toBeCloseTo(0.4, 12);
    const half = {
      ...DEFAULT_CONTROL_PLANE,
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.3, backup: 0.7 } },
    };
    expect(affectedShare(failover, window, half)).toBeCloseTo(0.4 - visaShare * 0.1, 12);
  });
});
