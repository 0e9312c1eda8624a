import { describe, expect, it } from 'vitest';
import {
  loadSettings,
  parseExplorationSetting,
  type StoredSettings,
} from '../../../src/services/settings-storage';
import { SettingsState, type SettingsStoragePort } from '../../../src/state/settings.svelte';
import { mapStorage } from '../services/workspace-fakes';

/** Settings storage in memory that counts every write of the key. */
function fakeStorage(initial: { settings?: StoredSettings; key?: string } = {}) {
  const state = { settings: initial.settings ?? {}, key: initial.key ?? '', keyWrites: 0 };
  const port: SettingsStoragePort = {
    loadSettings: () => state.settings,
    saveSettings: (settings) => void (state.settings = settings),
    loadApiKey: () => state.key,
    saveApiKey: (key) => {
      state.keyWrites += 1;
      state.key = key;
    },
  };
  return { port, state };
}

describe('SettingsState and the Gemini key', () => {
  it('stores nothing when the box is ticked and the dialog closed without Save, even after a pace change', () => {
    const { port, state } = fakeStorage();
    const settings = new SettingsState(port);
    settings.load();
    settings.beginEdit();
    settings.draftApiKey = 'secret-key';
    settings.draftRememberApiKey = true;
    // Escape: nothing is committed. Then the autopilot pace changes.
    settings.setAutopilotPace(5000);
    expect(state.key).toBe('');
    expect(state.keyWrites).toBe(0);
    expect(state.settings).toMatchObject({ autopilotPaceMs: 5000, rememberApiKey: false });
    expect(settings.apiKey).toBe('');
    // Opening the dialog again starts from what is in force, not the abandoned edit.
    settings.beginEdit();
    expect(settings.draftApiKey).toBe('');
    expect(settings.draftRememberApiKey).toBe(false);
  });

  it('stores the key on Save when asked to remember it, and loads it back', () => {
    const { port, state } = fakeStorage();
    const settings = new SettingsState(port);
    settings.beginEdit();
    settings.draftApiKey = 'secret-key';
    settings.draftRememberApiKey = true;
    settings.save();
    expect(settings.apiKey).toBe('secret-key');
    expect(state.key).toBe('secret-key');
    const reloaded = new SettingsState(port);
    reloaded.load();
    expect(reloaded.apiKey).toBe('secret-key');
    expect(reloaded.draftRememberApiKey).toBe(true);
  });

  it('on Save without remembering, the key is used in memory and any stored key is forgotten', () => {
    const { port, state } = fakeStorage({ settings: { rememberApiKey: true }, key: 'old-key' });
    const settings = new SettingsState(port);
    settings.load();
    settings.beginEdit();
    settings.draftApiKey = 'new-key';
    settings.draftRememberApiKey = false;
    settings.save();
    expect(settings.apiKey).toBe('new-key');
    expect(state.key).toBe('');
    expect(state.settings.rememberApiKey).toBe(false);
  });
});

describe('the exploration setting', () => {
  it('is on when nothing was stored', () => {
    const settings = new SettingsState(fakeStorage().port);
    settings.load();
    expect(settings.exploration).toBe(true);
    expect(settings.explorationResolution.problem).toBeNull();
  });

  it('turned off, is stored on Save and loads back off', () => {
    const { port, state } = fakeStorage();
    const settings = new SettingsState(port);
    settings.load();
    settings.explorationInput = false;
    expect(settings.exploration).toBe(false);
    settings.save();
    expect(state.settings.exploration).toBe(false);
    const reloaded = new SettingsState(port);
    reloaded.load();
    expect(reloaded.exploration).toBe(false);
  });

  it('falls back to on with a message for a stored value that is neither on nor off', () => {
    const { port, state } = fakeStorage({
      settings: { exploration: 'yes', autopilotPaceMs: 5000 },
    });
    const settings = new SettingsState(port);
    settings.load();
    expect(settings.exploration).toBe(true);
    expect(settings.explorationResolution.problem).toBe(
      'The stored exploration setting "yes" is neither on nor off; exploration is on, the default.',
    );
    // The bad value costs only itself: the pace stored beside it stands.
    expect(settings.autopilotPaceMs).toBe(5000);
    // Saving writes the value in force, so the refusal does not come back.
    settings.save();
    expect(state.settings.exploration).toBe(true);
  });

  it('parses the stored field with zod, beside the settings it is stored with', () => {
    expect(parseExplorationSetting(false)).toEqual({ on: false, problem: null });
    expect(parseExplorationSetting(true)).toEqual({ on: true, problem: null });
    expect(parseExplorationSetting(0).on).toBe(true);
    expect(parseExplorationSetting(0).problem).toMatch(/setting 0 is neither on nor off/);
    const storage = mapStorage({
      'agent-payment-lab:settings': JSON.stringify({
        exploration: { on: 1 },
        limits: { minConfidence: 0.8 },
      }),
    });
    const loaded = loadSettings('default', storage);
    expect(loaded.limits).toEqual({ minConfidence: 0.8 });
    expect(parseExplorationSetting(loaded.exploration).problem).toMatch(/\{"on":1\}/);
  });
});
