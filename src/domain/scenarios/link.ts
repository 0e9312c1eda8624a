import { ScenarioSchema, type IncidentScript, type Scenario } from '../../contracts';
import { windowSeed } from '../simulation/step';
import { SCENARIO_CONTROLS } from './controls';
import { encodeScriptParam, scriptFromParams, type ScriptFromLink } from './script-link';

/** Encodes a scenario as readable query parameters, in slider units (`visa=85&latency=2.5…`). */
export function scenarioToQuery(scenario: Scenario): string {
  const params = new URLSearchParams();
  if (scenario.id) params.set('preset', scenario.id);
  for (const control of SCENARIO_CONTROLS) params.set(control.key, String(control.read(scenario)));
  params.set('backoff', scenario.clientBackoff ? '1' : '0');
  params.set('seed', String(scenario.seed));
  return params.toString();
}

/** A scenario read from a link, with a readable note for every value that was ignored. */
export interface ScenarioFromLink {
  scenario: Scenario;
  /** True when the link held any scenario parameter at all. */
  fromLink: boolean;
  problems: string[];
  /** The incident script the link carries, and the window it opens at, if any. */
  script?: ScriptFromLink;
}

/** A link to window `window` of a script: its preset id or the whole script, and the window. */
export function scriptToQuery(script: IncidentScript, window = 0): string {
  const params = new URLSearchParams({ script: encodeScriptParam(script) });
  if (window > 0) params.set('at', String(window));
  return params.toString();
}

/**
 * Decodes query parameters into a scenario on top of `fallback`: every valid value is taken, every
 * invalid one is ignored with a message naming the parameter, the allowed range and what it got.
 */
export function scenarioFromQuery(query: string, fallback: Scenario): ScenarioFromLink {
  const params = new URLSearchParams(query);
  const problems: string[] = [];
  let scenario: Scenario = { ...fallback, issuerHealth: { ...fallback.issuerHealth } };
  let fromLink = false;

  // A script opens the scenario in force at its window, on that window's seed; sliders in the
  // link apply on top. A bad script refuses the whole link: the lab stays as it was.
  const rawScript = params.get('script');
  let script: ScriptFromLink | undefined;
  if (rawScript !== null) {
    const read = scriptFromParams(rawScript, params.get('at'));
    if (!read.ok) return { scenario: fallback, fromLink: true, problems: [read.problem] };
    script = read.value;
    fromLink = true;
    scenario = { ...script.scenario, seed: windowSeed(script.scenario.seed, script.window) };
  }

  for (const control of SCENARIO_CONTROLS) {
    const raw = params.get(control.key);
    if (raw === null) continue;
    fromLink = true;
    const value = Number(raw);
    if (
      raw.trim() === '' ||
      !Number.isFinite(value) ||
      value < control.min ||
      value > control.max
    ) {
      problems.push(
        `${control.label} (${control.key}) must be a number from ${control.min} to ${control.max}; the link has "${truncate(raw)}".`,
      );
      continue;
    }
    scenario = control.write(scenario, value);
  }

  const backoff = params.get('backoff');
  if (backoff !== null) {
    fromLink = true;
    if (backoff === '1' || backoff === '0')
      scenario = { ...scenario, clientBackoff: backoff === '1' };
    else
      problems.push(
        `Client backoff (backoff) must be 0 or 1; the link has "${truncate(backoff)}".`,
      );
  }

  const seed = params.get('seed');
  if (seed !== null) {
    fromLink = true;
    const value = Number(seed);
    if (/^\d{1,10}$/.test(seed) && value <= 0xffffffff) scenario = { ...scenario, seed: value };
    else
      problems.push(
        `Seed (seed) must be a whole number from 0 to 4294967295; the link has "${truncate(seed)}".`,
      );
  }

  const preset = params.get('preset');
  if (preset !== null && /^[a-z_]{1,40}$/.test(preset)) scenario = { ...scenario, id: preset };
  else if (preset === null && fromLink && !script) scenario = withoutId(scenario);

  // The controls keep values in range; the schema is the last word on what a scenario is.
  const checked = ScenarioSchema.safeParse(scenario);
  if (!checked.success) {
    return {
      scenario: fallback,
      fromLink,
      problems: [...problems, 'The link does not describe a valid scenario.'],
    };
  }
  return script
    ? { scenario: checked.data, fromLink, problems, script }
    : { scenario: checked.data, fromLink, problems };
}

function withoutId(scenario: Scenario): Scenario {
  const { id: _id, ...rest } = scenario;
  return rest;
}

function truncate(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
