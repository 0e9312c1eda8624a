import { z } from 'zod';
import { Count } from './common';
import { LearningRecordSchema } from './learning';
import {
  ActiveActionViewSchema,
  MAX_OBSERVED_ACTIONS,
  MAX_OBSERVED_NOTICES,
  NoticeViewSchema,
} from './observation';
import { ControlPlaneSchema, ScenarioSchema } from './world';

/** Most audit records one batch line may bring as the agent's history. */
export const MAX_BATCH_HISTORY = 1000;

/**
 * One line of `npm run cycle -- --batch`: the world to simulate (never shown to the agent), the
 * control plane, actions in force and notifications sent it sees, the seed of its windows and the
 * history it learned from.
 */
export const CycleBatchLineSchema = z.strictObject({
  scenario: ScenarioSchema,
  controlPlane: ControlPlaneSchema,
  /** The actions in force, as the agent sees them; taken as applied in order on the default plane. */
  activeActions: z.array(ActiveActionViewSchema).max(MAX_OBSERVED_ACTIONS).optional(),
  /** Seed of the run whose windows are simulated; the scenario's seed when absent. */
  seed: z.number().int().min(0).max(0xffff_ffff).optional(),
  /** Audit records the agent learned from (an exported history's records). */
  history: z.array(LearningRecordSchema).max(MAX_BATCH_HISTORY).optional(),
  /**
   * Notifications already sent, by window: 0 is the oldest window simulated, `windowsBefore` the
   * current one. A pattern told to a channel in those windows is not paged again.
   */
  notices: z.array(NoticeViewSchema).max(MAX_OBSERVED_NOTICES).optional(),
  /** Windows simulated before the current one, so the agent sees a trend (default 3). */
  windowsBefore: Count.max(11).optional(),
});
export type CycleBatchLine = z.infer<typeof CycleBatchLineSchema>;
