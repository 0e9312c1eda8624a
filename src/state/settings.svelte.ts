import {
  checkContract,
  DEFAULT_REASONING_CONFIG,
  ReasoningConfigSchema,
  type ReasoningConfig,
  type SafetyLimits,
} from '../contracts';
import { resolveApprovalSettings, resolveLimits } from '../domain/safety';
import {
  loadApiKey,
  loadSettings,
  parseExplorationSetting,
  saveApiKey,
  saveSettings,
  type StoredSettings,
} from '../services/settings-storage';
import { currentWorkspace } from '../services/workspace-storage';

/** Where settings persist; the page's localStorage by default, a fake in tests. */
export interface SettingsStoragePort {
  loadSettings(): StoredSettings;
  saveSettings(settings: StoredSettings): void;
  loadApiKey(): string;
  saveApiKey(key: string): void;
}

/** One workspace's settings in the page's localStorage; the Gemini key is the device's. */
export function workspaceSettingsStorage(workspaceId: string): SettingsStoragePort {
  return {
    loadSettings: () => loadSettings(workspaceId),
    saveSettings: (settings) => saveSettings(settings, workspaceId),
    loadApiKey: () => loadApiKey(),
    saveApiKey: (key) => saveApiKey(key),
  };
}

/**
 * The user's settings: Gemini key, and the workspace's stricter safety limits, reasoning
 * thresholds, exploration and autopilot pace.
 */
export class SettingsState {
  /** The key in force. Kept in memory only, unless remembered on Save. Never exported. */
  apiKey = $state('');
  /** Whether the key in force is remembered on this device. */
  rememberApiKey = $state(false);
  /** The key and the remember box as the Settings dialog edits them; they apply only on Save. */
  draftApiKey = $state('');
  draftRememberApiKey = $state(false);
  /** What the user asked for; the lab applies only what is stricter than its own limits. */
  limitsInput = $state<Partial<SafetyLimits>>({});
  /** Threshold overrides on top of the seeds' defaults. */
  reasoningInput = $state<Partial<ReasoningConfig>>({});
  autopilotPaceMs = $state(2000);
  /** The exploration setting as stored or toggled; parsed into `exploration` below. */
  explorationInput = $state<unknown>(undefined);

  /** Exploration on or off, and why a stored value was refused (the default then applies). */
  readonly explorationResolution = $derived(parseExplorationSetting(this.explorationInput));
  /** Whether the agent explores near-best safe alternatives now and then. */
  readonly exploration: boolean = $derived(this.explorationResolution.on);

  /** The limits in force and the settings that were ignored, with reasons. */
  readonly limitsResolution = $derived(resolveLimits(this.limitsInput));
  readonly limits: SafetyLimits = $derived(this.limitsResolution.limits);
  /**
   * The reasoning config in force, or the defaults with the reason the overrides were refused.
   * Approval settings may only be made stricter: a looser one is refused, with its reason in
   * `fieldProblems` for the field it names.
   */
  readonly reasoning = $derived.by(() => {
    const approval = resolveApprovalSettings(this.reasoningInput);
    const merged = { ...DEFAULT_REASONING_CONFIG, ...this.reasoningInput, ...approval.settings };
    const checked = checkContract(ReasoningConfigSchema, merged, 'reasoning settings');
    const fieldProblems = approval.fieldProblems;
    return checked.ok
      ? { config: checked.value, problem: null, fieldProblems }
      : {
          config: DEFAULT_REASONING_CONFIG,
          problem: `${checked.message}. The defaults apply.`,
          fieldProblems,
        };
  });

  private readonly storage: SettingsStoragePort;

  constructor(storage: SettingsStoragePort = workspaceSettingsStorage(currentWorkspace().id)) {
    this.storage = storage;
  }

  /** Loads what was saved on this device. */
  load(): void {
    const stored = this.storage.loadSettings();
    this.limitsInput = stored.limits ?? {};
    this.reasoningInput = (stored.reasoning as Partial<ReasoningConfig> | undefined) ?? {};
    this.autopilotPaceMs = stored.autopilotPaceMs ?? this.autopilotPaceMs;
    this.explorationInput = stored.exploration;
    this.rememberApiKey = stored.rememberApiKey ?? false;
    if (this.rememberApiKey) this.apiKey = this.storage.loadApiKey();
    this.beginEdit();
  }

  /** Starts an edit in the dialog from the key in force; closing without Save discards it. */
  beginEdit(): void {
    this.draftApiKey = this.apiKey;
    this.draftRememberApiKey = this.rememberApiKey;
  }

  /** Save in the dialog: the edited key applies, and it is stored only if asked to be. */
  save(): void {
    this.apiKey = this.draftApiKey;
    this.rememberApiKey = this.draftRememberApiKey;
    this.writeSettings();
    this.storage.saveApiKey(this.rememberApiKey ? this.apiKey : '');
  }

  /** Changes the autopilot pace and stores it; the key and its storage are left alone. */
  setAutopilotPace(ms: number): void {
    this.autopilotPaceMs = ms;
    this.writeSettings();
  }

  private writeSettings(): void {
    const settings: StoredSettings = {
      limits: this.limitsInput,
      reasoning: this.reasoningInput,
      autopilotPaceMs: this.autopilotPaceMs,
      rememberApiKey: this.rememberApiKey,
      // The value in force: a refused stored value is replaced by the default it fell back to.
      exploration: this.exploration,
    };
    this.storage.saveSettings(settings);
  }
}
