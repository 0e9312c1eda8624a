import { describe, expect, it } from 'vitest';
import type { IncidentScript } from '../../../../src/contracts';
import {
  actionNamesPlace,
  incidentTruth,
} from '../../../../src/domain/evaluation/incident-stages-truth';
import { oraclePlanes } from '../../../../src/domain/evaluation/incident-stages-oracle';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';

function script(events: IncidentScript['events'], windows = 20): IncidentScript {
  return { id: 'built', label: 'Built', description: 'built for a test', windows, events };
}

describe('the truth of an incident script', () => {
  it('starts a ramp from full health one window after its event, when it first does damage', () => {
    const truth = incidentTruth(presetScript('issuer_degrades_then_clears')!);
    expect(truth.start).toBe(6);
    expect(truth.clear).toBe(20);
    expect(truth.places).toEqual([{ kind: 'route', issuerId: 'visa', routeId: 'primary' }]);
    expect([...truth.patterns[10]!]).toEqual(['issuer_degradation']);
    expect(truth.patterns[4]!.size).toBe(0);
  });

  it('clears a flapping route after its last bad window, not at the end of the flap event', () => {
    const truth = incidentTruth(presetScript('flapping_route')!);
    expect(truth.start).toBe(5);
    expect(truth.clear).toBe(23);
    expect(truth.active.slice(5, 9)).toEqual([true, true, false, false]);
  });

  it('lets client retry settings make a retry storm a right diagnosis without starting the span', () => {
    const truth = incidentTruth(presetScript('processor_retry_storm')!);
    expect(truth.start).toBe(5);
    expect(truth.clear).toBe(12);
    expect([...truth.patterns[6]!].sort()).toEqual(['processor_outage', 'retry_storm']);
    expect(truth.places).toEqual([{ kind: 'processor', routeId: 'primary' }]);
  });

  it('has no clear for a fault that lasts to the end, and no place for a network fault', () => {
    const truth = incidentTruth(
      script([{ at: 2, fault: 'networkLatencyMultiplier', kind: 'set', value: 3 }]),
    );
    expect(truth.start).toBe(2);
    expect(truth.clear).toBeNull();
    expect(truth.places).toEqual([]);
    expect([...truth.patterns[2]!]).toEqual(['latency_spike']);
  });

  it('has an empty span for a script of amplifiers alone', () => {
    const truth = incidentTruth(
      script([{ at: 0, fault: 'retryAggressiveness', kind: 'set', value: 0.9 }]),
    );
    expect(truth.active.every((a) => !a)).toBe(true);
    expect(truth.start).toBe(20);
  });
});

describe('whether an action names the faulty place', () => {
  const visaPrimary = [{ kind: 'route', issuerId: 'visa', routeId: 'primary' } as const];
  const shift = (issuerId: string, fromRoute: string) => ({
    type: 'shift_traffic' as const,
    parameters: { issuerId, fromRoute, toRoute: 'backup', percentage: 0.5 },
  });

  it('accepts a shift or a disabled route on the faulty issuer route', () => {
    expect(actionNamesPlace(shift('visa', 'primary'), visaPrimary)).toBe(true);
    expect(
      actionNamesPlace(
        { type: 'disable_route', parameters: { issuerId: 'visa', routeId: 'primary' } },
        visaPrimary,
      ),
    ).toBe(true);
  });

  it('refuses another issuer, another route or an action with no target', () => {
    expect(actionNamesPlace(shift('amex', 'primary'), visaPrimary)).toBe(false);
    expect(actionNamesPlace(shift('visa', 'backup'), visaPrimary)).toBe(false);
    expect(actionNamesPlace({ type: 'implement_backoff', parameters: {} }, visaPrimary)).toBe(
      false,
    );
  });

  it('accepts a failover off the faulty processor and an issuer alert for an issuer-side fault', () => {
    const failover = {
      type: 'failover_processor' as const,
      parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
    };
    expect(actionNamesPlace(failover, [{ kind: 'processor', routeId: 'primary' }])).toBe(true);
    expect(actionNamesPlace(failover, [{ kind: 'processor', routeId: 'backup' }])).toBe(false);
    const alert = { type: 'send_notification' as const, parameters: { channel: 'issuer_liaison' } };
    expect(actionNamesPlace(alert, [{ kind: 'issuer', issuerId: null }])).toBe(true);
    expect(
      actionNamesPlace({ ...alert, parameters: { channel: 'on_call' } }, [
        { kind: 'issuer', issuerId: null },
      ]),
    ).toBe(false);
  });
});

describe("the staged oracle's candidates", () => {
  it('tries shifts of the named issuers only on a route fault, and of every issuer otherwise', () => {
    const visa = oraclePlanes([{ kind: 'route', issuerId: 'visa', routeId: 'primary' }]);
    expect(visa).toHaveLength(7);
    expect(visa.every((p) => p.routing.amex.primary === 1 || p.routing.visa.primary < 1)).toBe(
      true,
    );
    expect(visa.map((p) => p.routing.visa.primary).sort()).toEqual([0, 0, 0.5, 0.5, 1, 1, 1]);
    expect(oraclePlanes()).toHaveLength(13);
  });
});
