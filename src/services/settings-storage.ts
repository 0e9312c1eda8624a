import { z } from 'zod';
import { SafetyLimitsSchema } from '../contracts';

const SETTINGS_KEY = 'agent-payment-lab:settings';
const API_KEY_KEY = 'agent-payment-lab:gemini-key';

/** The settings that persist on this device; the API key is kept apart and only on request. */
export const StoredSettingsSchema = z.object({
  limits: SafetyLimitsSchema.partial().optional(),
  reasoning: z.record(z.string(), z.unknown()).optional(),
  autopilotPaceMs: z.number().int().min(500).max(60_000).optional(),
  rememberApiKey: z.boolean().optional(),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Loads the stored settings; anything unreadable is ignored rather than trusted. */
export function loadSettings(): StoredSettings {
  const raw = storage()?.getItem(SETTINGS_KEY);
  if (!raw) return {};
  try {
    const parsed = StoredSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Saves the settings (never the API key). */
export function saveSettings(settings: StoredSettings): void {
  try {
    storage()?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // A full or blocked localStorage only costs the settings on reload; the lab keeps running.
  }
}

/** The remembered Gemini API key, if the user asked to remember it on this device. */
export function loadApiKey(): string {
  return storage()?.getItem(API_KEY_KEY) ?? '';
}

/** Remembers the key on this device, or forgets it when `key` is empty. */
export function saveApiKey(key: string): void {
  try {
    if (key) storage()?.setItem(API_KEY_KEY, key);
    else storage()?.removeItem(API_KEY_KEY);
  } catch {
    // Same as above: not remembering is the safe failure.
  }
}
