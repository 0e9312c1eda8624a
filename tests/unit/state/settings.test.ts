import { describe, expect, it } from 'vitest';
import type { StoredSettings } from '../../../src/services/settings-storage';
import { SettingsState, type SettingsStoragePort } from '../../../src/state/settings.svelte';

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
