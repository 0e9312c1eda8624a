import { describe, expect, it } from 'vitest';
import { HEALTHY_SCENARIO, type IncidentScript } from '../../../../src/contracts';
import { scenarioFromQuery, scriptToQuery } from '../../../../src/domain/scenarios/link';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { MAX_SCRIPT_PARAM } from '../../../../src/domain/scenarios/script-link';
import { scenarioAt } from '../../../../src/domain/simulation/script';
import { windowSeed } from '../../../../src/domain/simulation/step';

/** The last good state the page holds when a link arrives. */
const lastGood = {
  ...HEALTHY_SCENARIO,
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, amex: 0.7 },
};

const custom: IncidentScript = {
  id: 'custom_blip',
  label: 'Ünïcode blip',
  description: 'Discover down for two windows.',
  windows: 6,
  events: [{ at: 2, fault: 'issuerHealth.discover', kind: 'hold', value: 0.4, until: 4 }],
};

describe('a script in a shared link', () => {
  it('names a preset by id and opens the scenario in force at its window, on that window seed', () => {
    const script = presetScript('issuer_degrades_then_clears')!;
    expect(scriptToQuery(script, 12)).toBe('script=issuer_degrades_then_clears&at=12');
    const link = scenarioFromQuery('script=issuer_degrades_then_clears&at=12', lastGood);
    expect(link.problems).toEqual([]);
    expect(link.scenario).toEqual({ ...scenarioAt(script, 12), seed: windowSeed(42, 12) });
    expect(link.scenario.issuerHealth.visa).toBe(0.6);
    expect(link.script?.window).toBe(12);
  });

  it('carries a whole script as base64url JSON and reads it back the same', () => {
    const query = scriptToQuery(custom, 3);
    expect(query).toMatch(/^script=j\.[A-Za-z0-9_-]+&at=3$/);
    const link = scenarioFromQuery(query, lastGood);
    expect(link.problems).toEqual([]);
    expect(link.script?.script).toEqual(custom);
    expect(link.scenario.issuerHealth.discover).toBe(0.4);
    expect(link.scenario.id).toBe('custom_blip');
  });

  it('lets slider values and the seed in the link apply on top of the script', () => {
    const link = scenarioFromQuery('script=slow_burn&at=25&visa=70&seed=9', lastGood);
    expect(link.scenario.issuerHealth).toMatchObject({ visa: 0.7, mastercard: 0.9 });
    expect(link.scenario.seed).toBe(9);
  });

  it.each([
    [
      'script=no_such_script',
      '"no_such_script" is not a preset script (issuer_degrades_then_clears',
    ],
    ['script=j.***', 'it is not base64url text'],
    ['script=j.bm90IGpzb24', 'it does not decode to JSON'],
    [
      'script=slow_burn&at=30',
      'the window (at) must be a whole number from 0 to 29; the link has "30"',
    ],
    ['script=slow_burn&at=-1', 'the window (at) must be a whole number from 0 to 29'],
    [`script=j.${'A'.repeat(MAX_SCRIPT_PARAM)}`, `longer than ${MAX_SCRIPT_PARAM} characters`],
  ])('refuses %s with a message and keeps the last good state', (query, message) => {
    const link = scenarioFromQuery(`${query}&visa=50`, lastGood);
    expect(link.problems).toHaveLength(1);
    expect(link.problems[0]).toContain(message);
    expect(link.problems[0]).toMatch(/^Script \(script\) refused: .*; the lab stays as it was\.$/);
    expect(link.scenario).toBe(lastGood);
    expect(link.script).toBeUndefined();
  });

  it('refuses an encoded script that breaks the contract, naming the event and field', () => {
    const bad = { ...custom, events: [{ ...custom.events[0]!, value: 7 }] } as IncidentScript;
    const link = scenarioFromQuery(scriptToQuery(bad), lastGood);
    expect(link.problems[0]).toContain(
      'events[0].value: issuerHealth.discover must be a number from 0 to 1, got 7',
    );
    expect(link.scenario).toBe(lastGood);
  });

  it('leaves links without a script as they were', () => {
    const link = scenarioFromQuery('visa=60', lastGood);
    expect(link.script).toBeUndefined();
    expect(link.scenario.issuerHealth.visa).toBe(0.6);
    expect(link.scenario.id).toBeUndefined();
  });
});
