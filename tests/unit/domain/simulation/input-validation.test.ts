import { describe, expect, it } from 'vitest';
import {
  ContractError,
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  parseContract,
  SimulationRequestSchema,
} from '../../../../src/contracts';
import {
  parseSimulationInput,
  simulatePair,
  simulateWindow,
} from '../../../../src/domain/simulation';
import { T0, plane, scenario } from './fixtures';

/** The error simulateWindow throws for these inputs (fails the test if it does not throw). */
function refusal(s: unknown, p: unknown, t: unknown = T0): ContractError {
  try {
    simulateWindow(s as never, p as never, t as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected the inputs to be refused');
}

describe('simulateWindow refuses bad input with a message naming the field', () => {
  it.each([
    [
      'issuer health above 1',
      { issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 1.5 } },
      'issuerHealth.visa',
    ],
    ['NaN processor health', { processorHealth: Number.NaN }, 'processorHealth'],
    ['negative decline rate', { issuerDeclineRate: -0.1 }, 'issuerDeclineRate'],
    ['latency multiplier below 1', { networkLatencyMultiplier: 0.5 }, 'networkLatencyMultiplier'],
    ['fractional traffic volume', { trafficVolume: 10.5 }, 'trafficVolume'],
    ['zero traffic volume', { trafficVolume: 0 }, 'trafficVolume'],
    ['seed above 2^32 − 1', { seed: 2 ** 32 }, 'seed'],
    [
      'unknown issuer',
      { issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, jcb: 1 } },
      'issuerHealth',
    ],
  ])('refuses a scenario with %s', (_name, changes, field) => {
    const error = refusal({ ...HEALTHY_SCENARIO, ...changes }, DEFAULT_CONTROL_PLANE);
    expect(error.contract).toBe('scenario');
    expect(error.issues[0]?.path).toBe(field);
    expect(error.message).toContain(field);
  });

  it('refuses a scenario with a missing field', () => {
    const { retryAggressiveness: _dropped, ...rest } = HEALTHY_SCENARIO;
    expect(refusal(rest, DEFAULT_CONTROL_PLANE).issues[0]?.path).toBe('retryAggressiveness');
  });

  it('refuses route weights that do not sum to 1 instead of normalising them', () => {
    const p = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.6, backup: 0.6 } },
    });
    const error = refusal(HEALTHY_SCENARIO, p);
    expect(error.contract).toBe('control plane');
    expect(error.issues[0]?.path).toBe('routing.visa');
    expect(error.message).toMatch(/sum to 1/);
  });

  it('refuses an issuer with every route disabled', () => {
    const p = plane({
      disabledRoutes: [
        { issuerId: 'amex', routeId: 'primary' },
        { issuerId: 'amex', routeId: 'backup' },
      ],
    });
    const error = refusal(HEALTHY_SCENARIO, p);
    expect(error.issues[0]?.path).toBe('disabledRoutes');
    expect(error.message).toMatch(/every route of amex is disabled/);
  });

  it.each([
    ['a timeout below 50 ms', { timeoutMs: 10 }, 'timeoutMs'],
    ['a rate limit of 0', { rateLimit: 0 }, 'rateLimit'],
    [
      'a negative retry multiplier',
      { retryPolicy: { maxRetries: 3, multiplier: -1, backoff: false } },
      'retryPolicy.multiplier',
    ],
    [
      'more than 10 retries',
      { retryPolicy: { maxRetries: 11, multiplier: 1, backoff: false } },
      'retryPolicy.maxRetries',
    ],
  ])('refuses a control plane with %s', (_name, changes, field) => {
    const error = refusal(HEALTHY_SCENARIO, { ...DEFAULT_CONTROL_PLANE, ...changes });
    expect(error.issues[0]?.path).toBe(field);
  });

  it('refuses a timestamp that is not epoch milliseconds', () => {
    expect(refusal(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, -1).contract).toBe('timestamp');
    expect(refusal(HEALTHY_SCENARIO, DEFAULT_CONTROL_PLANE, 1.5).contract).toBe('timestamp');
  });

  it('refuses bad input in simulatePair too, before simulating anything', () => {
    expect(() => simulatePair(scenario({ trafficVolume: -5 }), DEFAULT_CONTROL_PLANE, T0)).toThrow(
      /trafficVolume/,
    );
  });

  it('accepts the worker’s request once parsed with the shared contract', () => {
    const request = parseContract(
      SimulationRequestSchema,
      { scenario: HEALTHY_SCENARIO, controlPlane: DEFAULT_CONTROL_PLANE, timestamp: T0 },
      'simulation request',
    );
    expect(parseSimulationInput(request.scenario, request.controlPlane, request.timestamp)).toEqual(
      request,
    );
  });
});
