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
  saveApiKey,
  saveSettings,
  type StoredSettings,
} from '../services/settings-storage';

/** The user's settings: Gemini key, stricter safety limits, reasoning thresholds, autopilot pace. */
export class SettingsState {
  /** Kept in memory only, unless `rememberApiKey` is ticked. Never exported. */
  apiKey = $state('');
  rememberApiKey = $state(false);
  /** What the user asked for; the lab applies only what is stricter than its own limits. */
  limitsInput = $state<Partial<SafetyLimits>>({});
  /** Threshold overrides on top of the seeds' defaults. */
  reasoningInput = $state<Partial<ReasoningConfig>>({});
  autopilotPaceMs = $state(2000);

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

  /** Loads what was saved on this device. */
  load(): void {
    const stored = loadSettings();
    this.limitsInput = stored.limits ?? {};
    this.reasoningInput = (stored.reasoning as Partial<ReasoningConfig> | undefined) ?? {};
    this.autopilotPaceMs = stored.autopilotPaceMs ?? this.autopilotPaceMs;
    this.rememberApiKey = stored.rememberApiKey ?? false;
    if (this.rememberApiKey) this.apiKey = loadApiKey();
  }

  /** Saves the settings; the key only when the user asked to remember it. */
  save(): void {
    const settings: StoredSettings = {
      limits: this.limitsInput,
      reasoning: this.reasoningInput,
      autopilotPaceMs: this.autopilotPaceMs,
      rememberApiKey: this.rememberApiKey,
    };
    saveSettings(settings);
    saveApiKey(this.rememberApiKey ? this.apiKey : '');
  }
}
