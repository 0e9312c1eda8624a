import { describe, expect, it } from 'vitest';
import { FAULT_RANGES, HEALTHY_SCENARIO, IncidentScriptSchema } from '../../../../src/contracts';
import { HEALTHY_FAULTS } from '../../../../src/domain/scenarios/healthy-faults';
import { PRESET_SCRIPTS, presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { SCENARIO_PRESETS, applyPreset } from '../../../../src/domain/scenarios/presets';
import { scenarioAt } from '../../../../src/domain/simulation/script';

const at = (id: string, window: number) => scenarioAt(presetScript(id)!, window);

describe('the preset scripts', () => {
  it('are valid scripts with distinct ids, healthy at window 0 apart from their set-up', () => {
    expect(new Set(PRESET_SCRIPTS.map((s) => s.id)).size).toBe(PRESET_SCRIPTS.length);
    expect(PRESET_SCRIPTS.length).toBeGreaterThanOrEqual(7);
    for (const script of PRESET_SCRIPTS) {
      expect(IncidentScriptSchema.safeParse(script).success).toBe(true);
      expect(script.events.length).toBeGreaterThan(0);
    }
  });

  it('degrade an issuer primary and clear it', () => {
    expect(at('issuer_degrades_then_clears', 4).issuerHealth.visa).toBe(1);
    expect(at('issuer_degrades_then_clears', 12).issuerHealth.visa).toBe(0.6);
    expect(at('issuer_degrades_then_clears', 20).issuerHealth.visa).toBe(1);
  });

  it('take the processor down under hard retries, and bring it back while retries stay hard', () => {
    expect(at('processor_retry_storm', 6)).toMatchObject({
      processorHealth: 0.6,
      retryAggressiveness: 0.95,
      clientBackoff: false,
    });
    expect(at('processor_retry_storm', 12)).toMatchObject({
      processorHealth: 1,
      retryAggressiveness: 0.95,
    });
  });

  it('fail the backup route while the primary is still down', () => {
    const during = at('backup_fails_after_failover', 18);
    expect(during.issuerHealth.visa).toBe(0.5);
    expect(during.routeHealth?.visa?.backup).toBe(0.6);
    expect(at('backup_fails_after_failover', 10).routeHealth).toBeUndefined();
    expect(at('backup_fails_after_failover', 25).routeHealth?.visa?.backup).toBe(1);
  });

  it('surge traffic to five times normal and back', () => {
    const volumes = [0, 10, 15, 22, 29].map((w) => at('peak_traffic_surge', w).trafficVolume);
    expect(volumes).toEqual([6000, 15_600, 30_000, 20_400, 6000]);
  });

  it('burn slowly from 0.97 to 0.90 over 20 windows', () => {
    expect(at('slow_burn', 5).issuerHealth.mastercard).toBe(0.97);
    expect(at('slow_burn', 25).issuerHealth.mastercard).toBe(0.9);
    const burn = [6, 7, 8].map((w) => at('slow_burn', w).issuerHealth.mastercard);
    expect(burn[0]! > burn[1]! && burn[1]! > burn[2]!).toBe(true);
  });

  it('flap a route and run two faults of different kinds at once', () => {
    const flaps = [5, 7, 9, 25].map((w) => at('flapping_route', w).routeHealth?.visa?.primary);
    expect(flaps).toEqual([0.5, 1, 0.5, 1]);
    const both = at('latency_and_declines', 10);
    expect(both.networkLatencyMultiplier).toBe(3);
    expect(both.issuerDeclineRates?.amex).toBe(0.15);
    expect(at('latency_and_declines', 22).networkLatencyMultiplier).toBe(1);
  });

  it('hold a processor outage for longer than the term of an action', () => {
    const lasting = presetScript('lasting_processor_outage')!;
    expect(lasting.windows).toBeGreaterThan(2 * 30 - 1);
    expect(at('lasting_processor_outage', 4).processorHealth).toBe(1);
    expect(at('lasting_processor_outage', 5).processorHealth).toBe(0.85);
    expect(at('lasting_processor_outage', lasting.windows - 1).processorHealth).toBe(0.85);
  });

  it('are unknown by any other id', () => {
    expect(presetScript('no_such_script')).toBeUndefined();
  });
});

describe('the healthy fault set', () => {
  it('is the healthy scenario without volume and seed, shared by the slider presets', () => {
    const { id: _id, trafficVolume: _v, seed: _s, ...faults } = HEALTHY_SCENARIO;
    expect(HEALTHY_FAULTS).toEqual(faults);
    expect(Object.isFrozen(HEALTHY_FAULTS)).toBe(true);
    const healthy = applyPreset(HEALTHY_SCENARIO, SCENARIO_PRESETS[0]!);
    expect(healthy).toEqual({ ...HEALTHY_SCENARIO, id: 'healthy' });
  });

  it('has a range for every fault the presets move', () => {
    for (const script of PRESET_SCRIPTS)
      for (const event of script.events) expect(FAULT_RANGES[event.fault]).toBeDefined();
  });
});
