import { z } from 'zod';
import { SafetyLimitsSchema } from '../contracts';
import { DEFAULT_WORKSPACE_ID } from '../contracts/workspace';
import { currentWorkspace, pageStorage, type KeyValueStorage } from './workspace-storage';

/** The default workspace's settings keep the key they always had, so nothing stored is lost. */
const SETTINGS_KEY = 'agent-payment-lab:settings';
const API_KEY_KEY = 'agent-payment-lab:gemini-key';
/** Device-wide choices that belong to no workspace: whether the Gemini key is remembered. */
const DEVICE_KEY = 'agent-payment-lab:device';

/** The settings that persist on this device; the API key is kept apart and only on request. */
export const StoredSettingsSchema = z.object({
  limits: SafetyLimitsSchema.partial().optional(),
  reasoning: z.record(z.string(), z.unknown()).optional(),
  autopilotPaceMs: z.number().int().min(500).max(60_000).optional(),
  rememberApiKey: z.boolean().optional(),
  /**
   * Exploration on or off, read loosely here and parsed by parseExplorationSetting: a bad value
   * must cost this one setting (with a message), not every setting stored beside it.
   */
  exploration: z.unknown().optional(),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

/** Exploration is on unless a person turned it off. */
export const DEFAULT_EXPLORATION = true;

const ExplorationSettingSchema = z.boolean();

/**
 * Parses the stored exploration setting: absent is the default (on); a value that is not true or
 * false falls back to the default with a message saying what was refused.
 */
export function parseExplorationSetting(value: unknown): { on: boolean; problem: string | null } {
  if (value === undefined) return { on: DEFAULT_EXPLORATION, problem: null };
  const parsed = ExplorationSettingSchema.safeParse(value);
  if (parsed.success) return { on: parsed.data, problem: null };
  const shown = JSON.stringify(value)?.slice(0, 40) ?? String(value);
  return {
    on: DEFAULT_EXPLORATION,
    problem: `The stored exploration setting ${shown} is neither on nor off; exploration is on, the default.`,
  };
}

const DeviceSettingsSchema = z.object({ rememberApiKey: z.boolean().optional() });

/** The localStorage key of one workspace's settings (limits, thresholds, autopilot pace). */
export function settingsKey(workspaceId: string): string {
  return workspaceId === DEFAULT_WORKSPACE_ID ? SETTINGS_KEY : `${SETTINGS_KEY}:${workspaceId}`;
}

function readJson<T>(storage: KeyValueStorage | null, key: string, schema: z.ZodType<T>): T | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or blocked localStorage only costs the settings on reload; the lab keeps running.
  }
}

/**
 * Loads one workspace's stored settings (the current one by default); anything unreadable is
 * ignored rather than trusted. The Gemini key's remember box is the device's, not the workspace's:
 * the key is one per device, so a workspace that does not remember it must not forget it for all.
 */
export function loadSettings(
  workspaceId = currentWorkspace().id,
  storage = pageStorage(),
): StoredSettings {
  const own = readJson(storage, settingsKey(workspaceId), StoredSettingsSchema) ?? {};
  const device = readJson(storage, DEVICE_KEY, DeviceSettingsSchema);
  // Before workspaces the box was kept with the default workspace's settings.
  const legacy = readJson(storage, SETTINGS_KEY, StoredSettingsSchema);
  const rememberApiKey = device?.rememberApiKey ?? legacy?.rememberApiKey;
  const { rememberApiKey: _ignored, ...rest } = own;
  return rememberApiKey === undefined ? rest : { ...rest, rememberApiKey };
}

/** Saves one workspace's settings (the current one by default), never the API key. */
export function saveSettings(
  settings: StoredSettings,
  workspaceId = currentWorkspace().id,
  storage = pageStorage(),
): void {
  const { rememberApiKey, ...own } = settings;
  writeJson(storage, settingsKey(workspaceId), own);
  if (rememberApiKey !== undefined) writeJson(storage, DEVICE_KEY, { rememberApiKey });
}

/** Gives workspace `toId` a copy of the settings of `fromId` (a duplicate starts from them). */
export function copySettings(fromId: string, toId: string, storage = pageStorage()): void {
  const own = readJson(storage, settingsKey(fromId), StoredSettingsSchema);
  if (own) {
    const { rememberApiKey: _device, ...settings } = own;
    writeJson(storage, settingsKey(toId), settings);
  }
}

/** Forgets one workspace's settings; the device-wide remember box stays as it is. */
export function removeSettings(workspaceId: string, storage = pageStorage()): void {
  try {
    if (
      workspaceId === DEFAULT_WORKSPACE_ID &&
      !readJson(storage, DEVICE_KEY, DeviceSettingsSchema)
    ) {
      // The remember box still lives with the default workspace's settings: keep it for the device.
      const legacy = readJson(storage, SETTINGS_KEY, StoredSettingsSchema);
      if (legacy?.rememberApiKey !== undefined) {
        writeJson(storage, DEVICE_KEY, { rememberApiKey: legacy.rememberApiKey });
      }
    }
    storage?.removeItem(settingsKey(workspaceId));
  } catch {
    // Settings that could not be removed are never read again: no workspace has that id any more.
  }
}

/** The remembered Gemini API key, if the user asked to remember it on this device. */
export function loadApiKey(storage = pageStorage()): string {
  try {
    return storage?.getItem(API_KEY_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Remembers the key on this device, or forgets it when `key` is empty. */
export function saveApiKey(key: string, storage = pageStorage()): void {
  try {
    if (key) storage?.setItem(API_KEY_KEY, key);
    else storage?.removeItem(API_KEY_KEY);
  } catch {
    // Same as above: not remembering is the safe failure.
  }
}
