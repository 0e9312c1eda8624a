import { describe, expect, it } from 'vitest';
import { HEALTHY_SCENARIO, ScenarioSchema } from '../../../src/contracts';
import { controlByKey, SCENARIO_CONTROLS } from '../../../src/domain/scenarios/controls';
import { scenarioFromQuery, scenarioToQuery } from '../../../src/domain/scenarios/link';
import {
  applyPreset,
  matchingPreset,
  SCENARIO_PRESETS,
} from '../../../src/domain/scenarios/presets';

describe('scenario controls', () => {
  it('name one slider per issuer plus the five world sliders', () => {
    expect(SCENARIO_CONTROLS.map((c) => c.label)).toEqual([
      'Visa health',
      'Mastercard health',
      'American Express health',
      'Discover health',
      'Processor health',
      'Issuer declines',
      'Network latency',
      'Retry aggressiveness',
      'Traffic volume',
    ]);
  });

  it('write and read back every value at both ends of its range', () => {
    for (const control of SCENARIO_CONTROLS) {
      for (const value of [control.min, control.max]) {
        const scenario = control.write(HEALTHY_SCENARIO, value);
        expect(ScenarioSchema.safeParse(scenario).success).toBe(true);
        expect(control.read(scenario)).toBe(value);
      }
    }
  });

  it('map a health slider of 85 % to the seeds degradation factor 0.85', () => {
    const scenario = controlByKey('visa')!.write(HEALTHY_SCENARIO, 85);
    expect(scenario.issuerHealth.visa).toBe(0.85);
    expect(scenario.issuerHealth.amex).toBe(1);
  });
});

describe('scenario presets', () => {
  it('offer the six presets the page promises', () => {
    expect(SCENARIO_PRESETS.map((p) => p.label)).toEqual([
      'Healthy',
      'Issuer outage',
      'Processor outage',
      'Retry storm',
      'Latency spike',
      'Issuer declines',
    ]);
  });

  it('keep volume and seed when applied, and are recognised afterwards', () => {
    const base = { ...HEALTHY_SCENARIO, trafficVolume: 12000, seed: 7 };
    for (const preset of SCENARIO_PRESETS) {
      const scenario = applyPreset(base, preset);
      expect(ScenarioSchema.parse(scenario)).toEqual(scenario);
      expect(scenario.trafficVolume).toBe(12000);
      expect(scenario.seed).toBe(7);
      expect(matchingPreset(scenario)?.id).toBe(preset.id);
    }
  });

  it('do not match a scenario whose faults were changed by hand', () => {
    const scenario = controlByKey('visa')!.write(HEALTHY_SCENARIO, 70);
    expect(matchingPreset(scenario)).toBeUndefined();
  });
});

describe('scenario links', () => {
  it('round-trip a scenario through the query string', () => {
    const preset = SCENARIO_PRESETS.find((p) => p.id === 'retry_storm')!;
    const scenario = { ...applyPreset(HEALTHY_SCENARIO, preset), seed: 1234, trafficVolume: 9000 };
    const query = scenarioToQuery(scenario);
    expect(query).toContain('mastercard=80');
    expect(query).toContain('backoff=0');
    const decoded = scenarioFromQuery(query, HEALTHY_SCENARIO);
    expect(decoded.problems).toEqual([]);
    expect(decoded.fromLink).toBe(true);
    expect(decoded.scenario).toEqual(scenario);
  });

  it('ignore an out-of-range slider value with a message, keeping the rest', () => {
    const decoded = scenarioFromQuery('visa=150&amex=40&latency=abc', HEALTHY_SCENARIO);
    expect(decoded.scenario.issuerHealth.visa).toBe(1);
    expect(decoded.scenario.issuerHealth.amex).toBe(0.4);
    expect(decoded.scenario.networkLatencyMultiplier).toBe(1);
    expect(decoded.problems).toEqual([
      'Visa health (visa) must be a number from 0 to 100; the link has "150".',
      'Network latency (latency) must be a number from 1 to 5; the link has "abc".',
    ]);
  });

  it('refuse a bad seed or backoff flag', () => {
    const decoded = scenarioFromQuery('seed=-4&backoff=yes', HEALTHY_SCENARIO);
    expect(decoded.scenario.seed).toBe(HEALTHY_SCENARIO.seed);
    expect(decoded.problems).toHaveLength(2);
    expect(decoded.problems[0]).toContain('Client backoff');
    expect(decoded.problems[1]).toContain('Seed');
  });

  it('treat an empty query as no link at all', () => {
    const decoded = scenarioFromQuery('', HEALTHY_SCENARIO);
    expect(decoded).toEqual({ scenario: HEALTHY_SCENARIO, fromLink: false, problems: [] });
  });
});
