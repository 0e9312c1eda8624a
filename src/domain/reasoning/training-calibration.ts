/**
 * How often the evidence-based confidence came true on the training catalog, per remedy family:
 * printed by `npm run fit-calibration` (src/cli/fit-calibration.ts) and pasted here. Fitted on
 * the training set only; the held-out set is never used to fit it.
 */
import type { FamilyCalibration } from '../evaluation/calibration';

/** The calibration the agent states its confidence through (see fitTrainingCalibration). */
export const TRAINING_CALIBRATION: FamilyCalibration = {
  pooled: { x: [0.541, 0.8503], y: [0.5744, 0.8034] },
  families: {
    passive: { x: [0.5772, 0.9665], y: [0.6676, 0.6971] },
    retries: { x: [0.568], y: [0.2972] },
    routing: { x: [0.4707, 0.5272, 0.8093], y: [0.6299, 0.7699, 0.8143] },
  },
  seen: ['passive', 'retries', 'routing'],
};
