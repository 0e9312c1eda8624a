import type { Scenario } from '../contracts';
import {
  scenarioFromQuery,
  scenarioToQuery,
  type ScenarioFromLink,
} from '../domain/scenarios/link';

/** Reads the scenario the page's link describes, on top of `fallback`. */
export function readScenarioFromLocation(fallback: Scenario): ScenarioFromLink {
  return scenarioFromQuery(window.location.search, fallback);
}

/** Puts the scenario into the address bar without adding a history entry per slider step. */
export function writeScenarioToLocation(scenario: Scenario): void {
  const url = new URL(window.location.href);
  url.search = scenarioToQuery(scenario);
  if (url.href !== window.location.href) window.history.replaceState(null, '', url);
}
