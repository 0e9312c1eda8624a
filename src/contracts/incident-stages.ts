import { z } from 'zod';
import { Count, Text } from './common';
import { PolicyIdSchema } from './policy';

/** A window index of an incident script, or null when the stage was never reached. */
const StageWindow = Count.nullable();

/**
 * One policy's run through one incident script, scored by stage. Windows count from 0 on the
 * script's clock; a stage's time is its window minus the window it is measured from (the fault's
 * start, or for recovery the window the fault cleared), null when the stage was not reached or
 * cannot be reached (a fault that never clears has no recovery).
 */
export const IncidentStageRowSchema = z.strictObject({
  scriptId: z.string().regex(/^[a-z0-9_]{1,40}$/),
  scriptLabel: z.string().min(1).max(200),
  policy: PolicyIdSchema,
  seed: z.number().int().min(0).max(0xffff_ffff),
  windows: Count.min(1),
  /** The truth, read from the script: the first window a damaging fault is in force. */
  faultStart: Count,
  /** The first window after the last one with a damaging fault; null when it never clears. */
  faultClear: StageWindow,
  /** The truth in words: which faults, where. */
  truth: Text,
  /** First window in the fault's span where the policy named a pattern or acted. */
  detectedAt: StageWindow,
  /** First window whose action targets the faulty issuer, route or processor. */
  localisedAt: StageWindow,
  /** False when the fault has no place an action could name (network, load). */
  localisable: z.boolean(),
  /** First window whose decision names a pattern the faults in force explain. */
  classifiedAt: StageWindow,
  /** First window in the fault's span with success within 1 pt of the no-fault run while doing nothing is not. */
  mitigatedAt: StageWindow,
  /** First window from the clear on whose control plane is back at the defaults. */
  recoveredAt: StageWindow,
  timeToDetect: StageWindow,
  timeToMitigate: StageWindow,
  timeToRecover: StageWindow,
  /** Payments that failed beyond the no-fault run's success rate, over the whole script. */
  paymentsLost: z.number(),
  /** paymentsLost minus doing nothing's (negative: the policy saved payments). */
  lostVsDoNothing: z.number(),
  /** paymentsLost minus the oracle's (how far from the best fixed action per window). */
  lostVsOracle: z.number(),
  doNothingLost: z.number(),
  oracleLost: z.number(),
  /** Mitigation debt of the control plane at the end of the script (0: nothing to unwind). */
  mitigationDebt: z.number().nonnegative(),
  /** Windows before the fault's start where the policy named a pattern or acted. */
  falseAlarmWindows: Count,
  /** Decisions that changed the control plane (an approved no-op does not), and decisions the guardrails blocked. */
  actionsApplied: Count,
  actionsBlocked: Count,
});
export type IncidentStageRow = z.infer<typeof IncidentStageRowSchema>;

/** Every row of a staged incident evaluation, as the report carries it. */
export const IncidentStageRowsSchema = z.array(IncidentStageRowSchema).max(2000);

/** One unit of staged work for a worker: every listed policy on one preset script. */
export const IncidentStagesRequestSchema = z.strictObject({
  scriptId: z.string().regex(/^[a-z0-9_]{1,40}$/),
  policies: z.array(PolicyIdSchema).min(1).max(5),
  seed: z.number().int().min(0).max(0xffff_ffff),
});
export type IncidentStagesRequest = z.infer<typeof IncidentStagesRequestSchema>;

/** The staged-incident API, served by the page's evaluation workers (workers/evaluation.worker.ts). */
export interface IncidentStagesApi {
  /** Scores the request's policies on its script; refuses an unknown script or policy by name. */
  scoreScript(request: IncidentStagesRequest): IncidentStageRow[];
}
