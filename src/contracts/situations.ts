import { z } from 'zod';
import { Count, Identifier, Text } from './common';
import { ActionTypeSchema } from './decision';
import { FaultLocationSchema, PatternTypeSchema } from './reasoning';
import { MAX_SCRIPT_WINDOWS, ScriptEventSchema } from './script';
import { SituationSetSchema } from './policy';
import { ControlPlaneSchema, IssuerIdSchema, ScenarioSchema } from './world';

/** Most situations one file (or one evaluation) may hold. */
export const MAX_SITUATIONS = 500;

/** Most windows a situation runs before the decision: enough for a slow burn or a storm to build. */
export const MAX_WARMUP_WINDOWS = 11;

/** The injected faults of a situation: a Scenario without its id, volume and seed. */
export const SituationFaultsSchema = ScenarioSchema.omit({
  id: true,
  trafficVolume: true,
  seed: true,
}).strict();
export type SituationFaults = z.infer<typeof SituationFaultsSchema>;

/** What is really wrong in a situation, written from what the lab injects. */
export const SituationTruthSchema = z.strictObject({
  /** The pattern a correct diagnosis names first. */
  pattern: PatternTypeSchema,
  /** Issuers a correct diagnosis names; null when the pattern is not about particular issuers. */
  issuerIds: z.array(IssuerIdSchema).max(4).nullable(),
  /** Where the fault sits; null when the pattern carries no location worth checking. */
  faultLocation: FaultLocationSchema.nullable(),
  rootCause: Text,
});
export type SituationTruth = z.infer<typeof SituationTruthSchema>;

/** What counts as the right kind of answer to a situation. */
export const RemedyFamilySchema = z.strictObject({
  actionTypes: z.array(ActionTypeSchema).min(1).max(20),
  /** Issuers a routing remedy must target; null when any target will do. */
  issuerIds: z.array(IssuerIdSchema).max(4).nullable(),
  description: Text,
});
export type RemedyFamily = z.infer<typeof RemedyFamilySchema>;

/**
 * One labelled situation: faults (optionally moved window by window by script events), the
 * payments per window, the control plane the world starts from, and the truth. The policy sees
 * only the windows it produces, never this record.
 */
export const SituationSchema = z.strictObject({
  id: Identifier,
  label: z.string().min(1).max(200),
  /** `healthy` situations count false alarms; `fault` situations count diagnoses. */
  kind: z.enum(['healthy', 'fault']),
  /** The set the situation belongs to (a file's situations default to held_out). */
  set: SituationSetSchema.optional(),
  faults: SituationFaultsSchema,
  /** Payments per window. */
  trafficVolume: z.number().int().min(100).max(100_000),
  /** Events over the windows before and at the decision (window 0 is the first warm-up window). */
  events: z.array(ScriptEventSchema).max(50).optional(),
  /** Windows simulated before the decision window (default 3). */
  warmupWindows: Count.min(1).max(MAX_WARMUP_WINDOWS).optional(),
  /** The control plane in force when the situation starts (default: the lab's default plane). */
  startPlane: ControlPlaneSchema.optional(),
  truth: SituationTruthSchema,
  remedy: RemedyFamilySchema,
});
export type Situation = z.infer<typeof SituationSchema>;

/** A file of situations for `npm run evaluate -- --situations FILE`. */
export const SituationFileSchema = z.strictObject({
  situations: z.array(SituationSchema).min(1).max(MAX_SITUATIONS),
});
export type SituationFile = z.infer<typeof SituationFileSchema>;

/** Longest script a situation may imply: its warm-up plus the decision window. */
export const MAX_SITUATION_WINDOWS = Math.min(MAX_SCRIPT_WINDOWS, MAX_WARMUP_WINDOWS + 1);
