import { type IssuerId, type RouteId, type Scenario } from '../../contracts';
import { healthyFaults } from '../scenarios/healthy-faults';

/** What an optional route, processor or decline field means when a scenario leaves it out. */
const ABSENT_HEALTH = 1;
const ABSENT_DECLINES = 0;

/** Reads a fault's value off a scenario by its dotted name; a missing optional field is healthy. */
export function readFault(scenario: Scenario, fault: string): number {
  const [head, issuer, route] = fault.split('.') as [string, IssuerId?, RouteId?];
  switch (head) {
    case 'issuerHealth':
      return scenario.issuerHealth[issuer!];
    case 'issuerDeclineRates':
      return scenario.issuerDeclineRates?.[issuer!] ?? ABSENT_DECLINES;
    case 'routeHealth':
      return scenario.routeHealth?.[issuer!]?.[route!] ?? ABSENT_HEALTH;
    case 'backupProcessorHealth':
      return scenario.backupProcessorHealth ?? ABSENT_HEALTH;
    case 'clientBackoff':
      return scenario.clientBackoff ? 1 : 0;
    case 'processorHealth':
    case 'issuerDeclineRate':
    case 'networkLatencyMultiplier':
    case 'retryAggressiveness':
    case 'trafficVolume':
      return scenario[head];
    default:
      throw new Error(`unknown fault ${fault}`);
  }
}

/** A copy of the scenario with one fault set to `value` (already checked against its range). */
export function writeFault(scenario: Scenario, fault: string, value: number): Scenario {
  const [head, issuer, route] = fault.split('.') as [string, IssuerId?, RouteId?];
  switch (head) {
    case 'issuerHealth':
      return { ...scenario, issuerHealth: { ...scenario.issuerHealth, [issuer!]: value } };
    case 'issuerDeclineRates':
      return {
        ...scenario,
        issuerDeclineRates: { ...scenario.issuerDeclineRates, [issuer!]: value },
      };
    case 'routeHealth': {
      const routes = scenario.routeHealth ?? {};
      return {
        ...scenario,
        routeHealth: { ...routes, [issuer!]: { ...routes[issuer!], [route!]: value } },
      };
    }
    case 'clientBackoff':
      return { ...scenario, clientBackoff: value === 1 };
    case 'backupProcessorHealth':
    case 'processorHealth':
    case 'issuerDeclineRate':
    case 'networkLatencyMultiplier':
    case 'retryAggressiveness':
    case 'trafficVolume':
      return { ...scenario, [head]: value };
    default:
      throw new Error(`unknown fault ${fault}`);
  }
}

/**
 * The healthy value of a fault: the shared healthy fault set's, and for traffic volume (load,
 * not a fault) the base scenario's own.
 */
export function healthyValue(base: Scenario, fault: string): number {
  const healthy: Scenario = {
    ...healthyFaults(),
    trafficVolume: base.trafficVolume,
    seed: base.seed,
  };
  return readFault(healthy, fault);
}
