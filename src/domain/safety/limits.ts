/**
 * The hard limits: the seeds' defaults are the loosest the lab ever allows, and settings may only
 * make a limit stricter. Every check reads the limits through `effectiveLimits`, so a looser value
 * passed in by anyone is never honoured.
 */
import {
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  MAX_ACTION_TERM_WINDOWS,
  MAX_PROBE_SHARE,
  ReasoningConfigSchema,
  SafetyLimitsSchema,
  type SafetyLimits,
} from '../../contracts';
import { quote } from '../execution/safe-input';

export { DEFAULT_SAFETY_LIMITS };

/** Which way a setting gets stricter. */
export type Stricter = 'higher' | 'lower';

/** The lifecycle settings: hedges and terms, not limits, so any value in range is honoured. */
export const LIFECYCLE_KEYS = ['probeShare', 'actionTermWindows'] as const;

/** A lifecycle setting of SafetyLimits. */
export type LifecycleKey = (typeof LIFECYCLE_KEYS)[number];

/** A hard limit of SafetyLimits (every key but the lifecycle settings). */
export type LimitKey = Exclude<keyof SafetyLimits, LifecycleKey>;

/** SafetyLimits with every lifecycle setting filled in, as effectiveLimits returns them. */
export type ResolvedLimits = SafetyLimits & Required<Pick<SafetyLimits, LifecycleKey>>;

/** The lifecycle settings' defaults. */
export const DEFAULT_LIFECYCLE: Readonly<Required<Pick<SafetyLimits, LifecycleKey>>> = {
  probeShare: 0.05,
  actionTermWindows: 30,
};

/** What each lifecycle setting may be, in words, for the refusal of a value outside it. */
const LIFECYCLE_RANGE: Readonly<Record<LifecycleKey, string>> = {
  probeShare: `a share from 0 to ${MAX_PROBE_SHARE}`,
  actionTermWindows: `a whole number of windows from 1 to ${MAX_ACTION_TERM_WINDOWS}`,
};

/** Which way each limit gets stricter: a higher minimum confidence, lower everything else. */
export const STRICTER: Readonly<Record<LimitKey, Stricter>> = {
  minConfidence: 'higher',
  maxTrafficShift: 'lower',
  maxRetryMultiplier: 'lower',
  maxConcurrentActions: 'lower',
  // A lower threshold asks a human more often.
  approvalRiskThreshold: 'lower',
};

const LIMIT_KEYS = Object.keys(STRICTER) as LimitKey[];

/** One refused setting: the field it names and why it was refused. */
export interface SettingProblem {
  field: string;
  message: string;
}

/** The limits in force plus what was wrong with the user's settings, if anything. */
export interface LimitsResolution {
  limits: ResolvedLimits;
  /** One readable line per ignored setting; empty when every setting was usable. */
  problems: string[];
  /** The same problems with the field each one names, for showing next to the field. */
  fieldProblems: SettingProblem[];
}

/** Whether `wanted` is at least as strict as `base` in the given direction. */
export function isAtLeastAsStrict(wanted: number, base: number, direction: Stricter): boolean {
  return direction === 'higher' ? wanted >= base : wanted <= base;
}

/**
 * Combines user settings with DEFAULT_SAFETY_LIMITS field by field, keeping whichever is stricter,
 * and explains every setting it ignored (unknown, not a number, out of range, or looser than the
 * lab allows).
 */
export function resolveLimits(user?: unknown): LimitsResolution {
  const limits: ResolvedLimits = { ...DEFAULT_SAFETY_LIMITS, ...DEFAULT_LIFECYCLE };
  const fieldProblems: SettingProblem[] = [];
  const refuse = (field: string, message: string) => fieldProblems.push({ field, message });
  const done = () => ({ limits, problems: fieldProblems.map((p) => p.message), fieldProblems });
  if (user === undefined || user === null) return done();
  if (typeof user !== 'object' || Array.isArray(user)) {
    refuse('', `Safety settings must be an object, got ${quote(user)}; the defaults apply.`);
    return done();
  }
  const record = user as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (
      !(LIMIT_KEYS as string[]).includes(key) &&
      !(LIFECYCLE_KEYS as readonly string[]).includes(key)
    ) {
      refuse(key, `Unknown safety setting ${quote(key)} ignored.`);
    }
  }
  for (const key of LIMIT_KEYS) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) continue;
    const value = record[key];
    const parsed = SafetyLimitsSchema.shape[key].safeParse(value);
    if (!parsed.success) {
      refuse(
        key,
        `Safety setting ${key} = ${quote(value)} ignored (${parsed.error.issues[0].message}); the limit stays ${DEFAULT_SAFETY_LIMITS[key]}.`,
      );
      continue;
    }
    const base = DEFAULT_SAFETY_LIMITS[key];
    if (isAtLeastAsStrict(parsed.data, base, STRICTER[key])) limits[key] = parsed.data;
    else {
      refuse(
        key,
        `Safety setting ${key} = ${parsed.data} would loosen the lab's limit; it stays ${base} (settings may only make limits stricter).`,
      );
    }
  }
  for (const key of LIFECYCLE_KEYS) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) continue;
    const value = record[key];
    const parsed = SafetyLimitsSchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) limits[key] = parsed.data;
    else {
      refuse(
        key,
        `Lifecycle setting ${key} = ${quote(value)} ignored (it must be ${LIFECYCLE_RANGE[key]}); it stays ${DEFAULT_LIFECYCLE[key]}.`,
      );
    }
  }
  return done();
}

/**
 * The limits in force for a user's settings (a Partial<SafetyLimits>, or anything read from
 * storage): per field the stricter of the setting and DEFAULT_SAFETY_LIMITS; invalid settings are
 * ignored (see resolveLimits for the reasons).
 */
export function effectiveLimits(user?: unknown): ResolvedLimits {
  return resolveLimits(user).limits;
}

/** The reasoning settings that decide when a human is asked; they too may only get stricter. */
export const APPROVAL_SETTINGS = {
  // A higher bar asks a human about more decisions.
  lowConfidenceThreshold: 'higher',
  // A wider margin calls more hypothesis pairs ambiguous.
  ambiguityMargin: 'higher',
} as const satisfies Readonly<Record<string, Stricter>>;

/** The name of an approval setting of the reasoning config. */
export type ApprovalSetting = keyof typeof APPROVAL_SETTINGS;

/** The approval settings in force, and every refused one with its reason. */
export interface ApprovalSettingsResolution {
  settings: Record<ApprovalSetting, number>;
  fieldProblems: SettingProblem[];
}

/**
 * The approval settings in force for a partial reasoning config: each the stricter of the setting
 * and the seeds' default; a value that would ask a human less often (0 included) is refused and
 * the refusal says why.
 */
export function resolveApprovalSettings(user?: unknown): ApprovalSettingsResolution {
  const settings: Record<ApprovalSetting, number> = {
    lowConfidenceThreshold: DEFAULT_REASONING_CONFIG.lowConfidenceThreshold,
    ambiguityMargin: DEFAULT_REASONING_CONFIG.ambiguityMargin,
  };
  const fieldProblems: SettingProblem[] = [];
  if (user === null || typeof user !== 'object' || Array.isArray(user)) {
    return { settings, fieldProblems };
  }
  const record = user as Record<string, unknown>;
  for (const key of Object.keys(APPROVAL_SETTINGS) as ApprovalSetting[]) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) continue;
    const value = record[key];
    const base = settings[key];
    const parsed = ReasoningConfigSchema.shape[key].safeParse(value);
    if (!parsed.success) {
      fieldProblems.push({
        field: key,
        message: `${key} = ${quote(value)} refused (${parsed.error.issues[0].message}); it stays ${base}.`,
      });
    } else if (!isAtLeastAsStrict(parsed.data, base, APPROVAL_SETTINGS[key])) {
      fieldProblems.push({
        field: key,
        message: `${key} = ${parsed.data} would ask a human less often; it stays ${base} (approval settings may only be made stricter).`,
      });
    } else settings[key] = parsed.data;
  }
  return { settings, fieldProblems };
}
