import { z } from 'zod';
import { Count, EpochMillis, Text } from './common';
import { ControlPlaneSchema, ISSUER_IDS, ROUTE_IDS, ScenarioSchema } from './world';

/** Most windows one script may span: a day of one-minute windows. */
export const MAX_SCRIPT_WINDOWS = 1440;

/** Most events one script may hold, so a hostile file or link cannot tie the simulator up. */
export const MAX_SCRIPT_EVENTS = 500;

/** The range a fault's value must lie in; `integer` faults take whole numbers only. */
export interface FaultRange {
  min: number;
  max: number;
  integer: boolean;
}

const SHARE: FaultRange = { min: 0, max: 1, integer: false };

/**
 * Every fault a script can move, as the dotted path of the scenario field it sets, with the range
 * of its value. `clientBackoff` is a switch (1 on, 0 off) and `trafficVolume` is whole payments.
 */
export const FAULT_RANGES = {
  ...Object.fromEntries(ISSUER_IDS.map((id) => [`issuerHealth.${id}`, SHARE])),
  processorHealth: SHARE,
  backupProcessorHealth: SHARE,
  issuerDeclineRate: SHARE,
  ...Object.fromEntries(ISSUER_IDS.map((id) => [`issuerDeclineRates.${id}`, SHARE])),
  ...Object.fromEntries(
    ISSUER_IDS.flatMap((id) => ROUTE_IDS.map((route) => [`routeHealth.${id}.${route}`, SHARE])),
  ),
  networkLatencyMultiplier: { min: 1, max: 10, integer: false },
  retryAggressiveness: SHARE,
  clientBackoff: { min: 0, max: 1, integer: true },
  trafficVolume: { min: 1, max: 100_000_000, integer: true },
} as Readonly<Record<string, FaultRange>>;

/** The closed list of fault names, in the order of FAULT_RANGES. */
export const FAULT_NAMES = Object.keys(FAULT_RANGES) as readonly string[];

/** One fault a script can move, e.g. `issuerHealth.visa` or `routeHealth.visa.backup`. */
export const FaultNameSchema = z.string().refine((name) => Object.hasOwn(FAULT_RANGES, name), {
  error: (issue) =>
    `unknown fault ${JSON.stringify(issue.input)}; known faults: ${FAULT_NAMES.join(', ')}`,
});
export type FaultName = z.infer<typeof FaultNameSchema>;

/** A window of the script, counted from 0. */
const Window = Count.max(MAX_SCRIPT_WINDOWS);

const eventBase = { at: Window, fault: FaultNameSchema };

/** From window `at` on, the fault has `value`. */
export const SetEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('set'),
  value: z.number(),
});
export type SetEvent = z.infer<typeof SetEventSchema>;

/**
 * The fault moves in a straight line from `from` (by default the value in force before) at window
 * `at` to `value` at window `at + over`, and keeps `value` afterwards.
 */
export const RampEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('ramp'),
  value: z.number(),
  over: Count.min(1).max(MAX_SCRIPT_WINDOWS),
  from: z.number().optional(),
});

/** The fault has `value` from window `at` up to (not including) `until`, then what it had before. */
export const HoldEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('hold'),
  value: z.number(),
  until: Window,
});

/** From window `at` on the fault is back to its healthy value. */
export const ClearEventSchema = z.strictObject({ ...eventBase, kind: z.literal('clear') });

/**
 * The fault alternates between `values[0]` and `values[1]`, `every` windows each, from `at` up to
 * (not including) `until`, then has what it had before.
 */
export const FlapEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('flap'),
  values: z.tuple([z.number(), z.number()]),
  every: Count.min(1).max(MAX_SCRIPT_WINDOWS),
  until: Window,
});

/** One event of an incident's timeline. */
export const ScriptEventSchema = z.discriminatedUnion('kind', [
  SetEventSchema,
  RampEventSchema,
  HoldEventSchema,
  ClearEventSchema,
  FlapEventSchema,
]);
export type ScriptEvent = z.infer<typeof ScriptEventSchema>;

/** The first window after an event: the next event on the same fault may start there. */
export function eventEnd(event: ScriptEvent): number {
  switch (event.kind) {
    case 'ramp':
      return event.at + event.over + 1;
    case 'hold':
    case 'flap':
      return event.until;
    default:
      return event.at + 1;
  }
}

/** The values an event puts on its fault, each with the field it came from. */
function eventValues(event: ScriptEvent): [string, number][] {
  switch (event.kind) {
    case 'set':
    case 'hold':
      return [['value', event.value]];
    case 'ramp':
      return event.from === undefined
        ? [['value', event.value]]
        : [
            ['value', event.value],
            ['from', event.from],
          ];
    case 'flap':
      return event.values.map((v, i) => [`values[${i}]`, v]);
    default:
      return [];
  }
}

type Issue = { path: (string | number)[]; message: string };

/** Checks an event's values against its fault's range. */
function rangeIssues(event: ScriptEvent, range: FaultRange): Issue[] {
  const issues: Issue[] = [];
  for (const [field, value] of eventValues(event)) {
    const whole = range.integer && !Number.isInteger(value);
    if (value < range.min || value > range.max || whole) {
      const kind = range.integer ? 'a whole number' : 'a number';
      issues.push({
        path: [field],
        message: `${event.fault} must be ${kind} from ${range.min} to ${range.max}, got ${value}`,
      });
    }
  }
  return issues;
}

/** Checks values against the fault's range and spans against the script's end. */
function eventIssues(event: ScriptEvent, windows: number): Issue[] {
  // An unknown fault is already refused by its own field; its values have no range to check.
  const range = Object.hasOwn(FAULT_RANGES, event.fault) ? FAULT_RANGES[event.fault] : undefined;
  const issues = range ? rangeIssues(event, range) : [];
  if (event.kind === 'ramp' && event.fault === 'clientBackoff') {
    issues.push({
      path: ['kind'],
      message: 'clientBackoff is a switch: set, hold, flap or clear it',
    });
  }
  if (event.at >= windows) {
    issues.push({
      path: ['at'],
      message: `window ${event.at} is past the end (the script has windows 0–${windows - 1})`,
    });
  } else if ((event.kind === 'hold' || event.kind === 'flap') && event.until <= event.at) {
    issues.push({ path: ['until'], message: `must come after window ${event.at}` });
  } else if (eventEnd(event) > windows) {
    const field = event.kind === 'ramp' ? 'over' : 'until';
    issues.push({
      path: [field],
      message: `the event runs to window ${eventEnd(event) - 1}, past the end (the script has windows 0–${windows - 1})`,
    });
  }
  return issues;
}

/**
 * An incident over time: a base scenario and a timeline of fault events, in window order, that
 * never overlap on one fault. Refusals name the event by index and the field.
 */
export const IncidentScriptSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be 1–40 lowercase letters, digits or _'),
    label: z.string().min(1).max(200),
    description: Text,
    /** Windows the script runs for. */
    windows: Count.min(1).max(MAX_SCRIPT_WINDOWS),
    /** The world before any event; the healthy scenario when absent. */
    base: ScenarioSchema.optional(),
    events: z.array(ScriptEventSchema).max(MAX_SCRIPT_EVENTS),
  })
  .superRefine((script, ctx) => {
    const busyUntil = new Map<string, { end: number; index: number }>();
    script.events.forEach((event, index) => {
      const path = (field: string | number) => ['events', index, field];
      const previous = script.events[index - 1];
      if (previous && event.at < previous.at) {
        ctx.addIssue({
          code: 'custom',
          path: path('at'),
          message: `events must be in window order: window ${event.at} comes after window ${previous.at} (event ${index - 1})`,
        });
      }
      for (const issue of eventIssues(event, script.windows)) {
        ctx.addIssue({ code: 'custom', path: path(issue.path[0]!), message: issue.message });
      }
      const busy = busyUntil.get(event.fault);
      if (busy && event.at < busy.end) {
        ctx.addIssue({
          code: 'custom',
          path: path('at'),
          message: `overlaps event ${busy.index} on ${event.fault}, which runs to window ${busy.end - 1}`,
        });
      }
      busyUntil.set(event.fault, { end: Math.max(busy?.end ?? 0, eventEnd(event)), index });
    });
  });
export type IncidentScript = z.infer<typeof IncidentScriptSchema>;

/** From window `window` on, the agent's control plane is `controlPlane`. */
export const ScriptActionSchema = z.strictObject({
  window: Window,
  controlPlane: ControlPlaneSchema,
});
export type ScriptAction = z.infer<typeof ScriptActionSchema>;

/**
 * Refuses actions out of strictly increasing window order, or after `lastWindow`, each refusal
 * naming `actions[i].window`; `pastEnd` words the second one.
 */
export function refineActionWindows(
  actions: readonly { window: number }[],
  lastWindow: number,
  pastEnd: (window: number) => string,
  ctx: z.RefinementCtx,
): void {
  actions.forEach((action, index) => {
    const previous = actions[index - 1];
    if (previous && action.window <= previous.window) {
      ctx.addIssue({
        code: 'custom',
        path: ['actions', index, 'window'],
        message: `actions must be in strictly increasing window order: window ${action.window} follows window ${previous.window}`,
      });
    }
    if (action.window > lastWindow) {
      ctx.addIssue({
        code: 'custom',
        path: ['actions', index, 'window'],
        message: pastEnd(action.window),
      });
    }
  });
}

/** A script run: the script, its run seed, control-plane changes by window, and the start time. */
export const ScriptRunRequestSchema = z
  .strictObject({
    script: IncidentScriptSchema,
    /** Seeds every window through windowSeed(seed, window); the base scenario's seed by default. */
    seed: z.number().int().min(0).max(0xffff_ffff).optional(),
    /** The control plane of window 0; the default plane when absent. */
    controlPlane: ControlPlaneSchema.optional(),
    actions: z.array(ScriptActionSchema).max(MAX_SCRIPT_WINDOWS).default([]),
    /** Time of window 0's snapshot; window t is stamped WINDOW_SECONDS later per window. */
    startTime: EpochMillis.default(0),
  })
  .superRefine((run, ctx) => {
    refineActionWindows(
      run.actions,
      run.script.windows - 1,
      (window) =>
        `window ${window} is past the end (the script has windows 0–${run.script.windows - 1})`,
      ctx,
    );
  });
export type ScriptRunRequest = z.input<typeof ScriptRunRequestSchema>;
export type ScriptRun = z.output<typeof ScriptRunRequestSchema>;

/** One line of `npm run simulate -- --batch`: one window; `seed` overrides the scenario's seed. */
export const BatchLineSchema = z.strictObject({
  scenario: ScenarioSchema,
  controlPlane: ControlPlaneSchema,
  seed: z.number().int().min(0).max(0xffff_ffff).optional(),
});
export type BatchLine = z.infer<typeof BatchLineSchema>;
