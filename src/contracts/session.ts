import { z } from 'zod';
import { Count, EpochMillis, Identifier, Text } from './common';
import { ActionProposalSchema, DecisionSchema } from './decision';
import { ViolationSchema } from './execution';
import { MetricsSnapshotSchema } from './metrics';
import {
  MAX_OBSERVED_NOTICES,
  MAX_OBSERVED_WINDOWS,
  NoticeViewSchema,
  ObservedWindowSchema,
} from './observation';
import { PatternTypeSchema } from './reasoning';
import { RunFileSchema } from './run-file';
import { ControlPlaneSchema, ScenarioSchema } from './world';

/** The session format version this build writes; an unknown version is refused on read. */
export const LIVE_SESSION_VERSION = 1;

/** An executed control-plane change still in force, as the session keeps it across a reload. */
export const StoredActiveActionSchema = z.object({
  action: ActionProposalSchema,
  pattern: PatternTypeSchema,
  planeBefore: ControlPlaneSchema,
  appliedAt: EpochMillis,
  recordId: Identifier,
  decision: DecisionSchema,
  // Its term and what is left of it, so a reload keeps when it lapses and how far it was unwound.
  appliedWindow: Count.optional(),
  expiresAt: EpochMillis.optional(),
  expiresWindow: Count.optional(),
  remaining: z.number().min(0).max(1).optional(),
});

/** A decision waiting for a human, with the window and world it was decided on. */
export const StoredPendingApprovalSchema = z.object({
  decision: DecisionSchema,
  reasons: z.array(Text).max(50),
  violations: z.array(ViolationSchema).max(50),
  current: MetricsSnapshotSchema,
  scenario: ScenarioSchema,
  /** The cycle it was decided in (absent in sessions kept before windows were counted). */
  window: Count.optional(),
  /** The window the agent looked at, the clock's when it ran (absent in older sessions). */
  seenWindow: Count.optional(),
  /** The seed the decision's exploration drew from; absent when it did not explore. */
  explorationSeed: z.number().int().min(0).max(0xffff_ffff).optional(),
});

/** The speeds the clock offers, in windows a second. */
export const PLAY_SPEEDS = [1, 2, 4, 8] as const;
export type PlaySpeed = (typeof PLAY_SPEEDS)[number];

/** The SLOs on success the timeline takes: from 90 % (a 10 % error budget) to 99.9 %. */
export const SLO_RANGE = { min: 0.9, max: 0.999 } as const;

/** The clock's dials as a user set them: its speed and the SLO the timeline burns against. */
export const ClockDialsSchema = z.object({
  speed: z.literal([...PLAY_SPEEDS]),
  slo: z.number().min(SLO_RANGE.min).max(SLO_RANGE.max),
});
export type ClockDials = z.infer<typeof ClockDialsSchema>;

/**
 * The live session: the world the user set, the control plane the agent changed, the actions in
 * force, the decision waiting for approval, the cycle count, the clock's run so far and what
 * the agent remembers (its last windows and paging log). Kept so that a reload resumes it.
 */
export const LiveSessionSchema = z.object({
  version: z.literal(LIVE_SESSION_VERSION),
  savedAt: EpochMillis,
  scenario: ScenarioSchema,
  cycle: Count,
  controlPlane: ControlPlaneSchema,
  activeActions: z.array(StoredActiveActionSchema).max(100),
  pending: StoredPendingApprovalSchema.nullable(),
  /** The clock's run so far, as Export run writes it (absent before its first window). */
  run: RunFileSchema.optional(),
  /** The windows the agent saw last, as it saw them (absent in older sessions). */
  windows: z.array(ObservedWindowSchema).max(MAX_OBSERVED_WINDOWS).optional(),
  /** The notifications the agent sent, so it pages nobody twice after a reload. */
  notices: z.array(NoticeViewSchema).max(MAX_OBSERVED_NOTICES).optional(),
  /** The scenario the page's link showed, which lags the live one (absent: a bare link). */
  link: ScenarioSchema.optional(),
  /** The clock's speed and SLO (absent in older sessions: the defaults). */
  dials: ClockDialsSchema.optional(),
  /** Whether the agent was on (absent in older sessions: it was not). */
  agentOn: z.boolean().optional(),
});
export type LiveSession = z.infer<typeof LiveSessionSchema>;
