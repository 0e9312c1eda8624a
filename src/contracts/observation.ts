import { z } from 'zod';
import { Count, EpochMillis, Identifier, Text } from './common';
import {
  ActionProposalSchema,
  NotificationChannelSchema,
  NotificationSeveritySchema,
} from './decision';
import { MetricsSnapshotSchema } from './metrics';
import { PatternTypeSchema } from './pattern-type';
import { ControlPlaneSchema } from './world';

/** Most past windows a policy is shown: enough to see a trend, never the whole run. */
export const MAX_OBSERVED_WINDOWS = 12;

/** Most actions that can be in force at once as a policy sees them. */
export const MAX_OBSERVED_ACTIONS = 20;

/** Most notifications a policy is shown: a few a window over the windows shown. */
export const MAX_OBSERVED_NOTICES = 50;

/** One simulated window as a production router sees it: its index on the clock and its metrics. */
export const ObservedWindowSchema = z.strictObject({
  /** Index of the window on the lab's clock, from 0. */
  window: Count,
  metrics: MetricsSnapshotSchema,
});
export type ObservedWindow = z.infer<typeof ObservedWindowSchema>;

/** An action still in force, as the control plane's audit log shows it: what, when and why. */
export const ActiveActionViewSchema = z.strictObject({
  /** Id of the audit record that applied it (what an unwind names). */
  recordId: Identifier,
  action: ActionProposalSchema,
  /** The pattern it answered. */
  // Lazy: reasoning.ts imports this module for ReasoningInput, so the enum is read at parse time.
  pattern: z.lazy(() => PatternTypeSchema),
  appliedAt: EpochMillis,
  /** The window it was applied in, when the clock was known. */
  appliedWindow: Count.optional(),
  /** When it lapses back to the default plane unless renewed, when it has a term. */
  expiresAt: EpochMillis.optional(),
  /** The window it lapses in unless renewed, when it has a term and the clock was known. */
  expiresWindow: Count.optional(),
  /** Why it was taken: the decision's rationale in a sentence. */
  reason: Text,
  /** Share of its routing move still in force after partial unwinds, 0–1 (absent: all of it). */
  remaining: z.number().min(0).max(1).optional(),
});
export type ActiveActionView = z.infer<typeof ActiveActionViewSchema>;

/** A notification sent in one of the windows shown, as the paging system's log shows it. */
export const NoticeViewSchema = z.strictObject({
  /** The pattern it told of. */
  pattern: z.lazy(() => PatternTypeSchema),
  channel: NotificationChannelSchema,
  /** How urgent it was (absent: not said); a more urgent one on the same pattern is sent again. */
  severity: NotificationSeveritySchema.optional(),
  /** The window on the lab's clock it was sent in. */
  window: Count,
});
export type NoticeView = z.infer<typeof NoticeViewSchema>;

/**
 * Everything a policy may see: the last few windows (oldest first, the last is the current one),
 * the baseline it compares them with, the live control plane, the actions in force and the
 * notifications sent in the windows shown (none when absent). Never the
 * world model, the scenario or the script: a production router sees none of them.
 */
export const ObservationSchema = z.strictObject({
  windows: z.array(ObservedWindowSchema).min(1).max(MAX_OBSERVED_WINDOWS),
  baselineMetrics: MetricsSnapshotSchema,
  controlPlane: ControlPlaneSchema,
  activeActions: z.array(ActiveActionViewSchema).max(MAX_OBSERVED_ACTIONS),
  notices: z.array(NoticeViewSchema).max(MAX_OBSERVED_NOTICES).optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;
