import {
  IncidentScriptSchema,
  formatZodError,
  type IncidentScript,
  type Scenario,
} from '../../contracts';
import { scenarioAt } from '../simulation/script';
import { PRESET_SCRIPTS, presetScript } from './preset-scripts';

/** Prefix of a script carried whole in a link (base64url JSON); preset ids never contain a dot. */
const ENCODED_PREFIX = 'j.';

/** Longest script parameter a link may carry, so a link cannot smuggle megabytes in. */
export const MAX_SCRIPT_PARAM = 4000;

/** A script read from a link: the script and the window the link opens at. */
export interface ScriptFromLink {
  script: IncidentScript;
  window: number;
  /** The scenario in force at that window, with the base scenario's seed. */
  scenario: Scenario;
}

/** Encodes a script for the `script` parameter: its preset id, or the whole script. */
export function encodeScriptParam(script: IncidentScript): string {
  const preset = presetScript(script.id);
  if (preset && JSON.stringify(preset) === JSON.stringify(script)) return script.id;
  const bytes = new TextEncoder().encode(JSON.stringify(script));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${ENCODED_PREFIX}${base64}`;
}

/** Decodes base64url JSON, or explains why it is not. */
function decodeJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return { ok: false, reason: 'it is not base64url text' };
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false, reason: 'it does not decode to JSON' };
  }
}

/** A refused script parameter, worded for the page's link messages. */
function refused(reason: string): { ok: false; problem: string } {
  return { ok: false, problem: `Script (script) refused: ${reason}; the lab stays as it was.` };
}

/**
 * Reads the `script` and `at` parameters: a preset script id or an encoded script, opened at
 * window `at` (default 0). Anything wrong refuses the script as a whole, with the reason.
 */
export function scriptFromParams(
  raw: string,
  rawWindow: string | null,
): { ok: true; value: ScriptFromLink } | { ok: false; problem: string } {
  if (raw.length > MAX_SCRIPT_PARAM) {
    return refused(`it is longer than ${MAX_SCRIPT_PARAM} characters`);
  }
  let script: IncidentScript;
  if (raw.startsWith(ENCODED_PREFIX)) {
    const json = decodeJson(raw.slice(ENCODED_PREFIX.length));
    if (!json.ok) return refused(json.reason);
    const checked = IncidentScriptSchema.safeParse(json.value);
    if (!checked.success) return refused(formatZodError(checked.error, 3));
    script = checked.data;
  } else {
    const preset = presetScript(raw);
    const known = PRESET_SCRIPTS.map((s) => s.id).join(', ');
    if (!preset) return refused(`"${raw.slice(0, 40)}" is not a preset script (${known})`);
    script = preset;
  }
  const window = rawWindow === null ? 0 : Number(rawWindow);
  if (rawWindow !== null && (!/^\d{1,4}$/.test(rawWindow) || window >= script.windows)) {
    return refused(
      `the window (at) must be a whole number from 0 to ${script.windows - 1}; the link has "${rawWindow.slice(0, 24)}"`,
    );
  }
  return { ok: true, value: { script, window, scenario: scenarioAt(script, window) } };
}
