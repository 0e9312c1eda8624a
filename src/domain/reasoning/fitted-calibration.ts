/**
 * How often the evidence-based confidence came true on the training catalog, per remedy family:
 * printed by `npm run fit-calibration` (src/cli/fit-calibration.ts) and pasted here. Fitted on
 * the training set only; the held-out set is never used to fit it.
 */
import type { FamilyCalibration } from '../evaluation/calibration';

/** The calibration the agent states its confidence through (see fitCalibration). */
export const FITTED_CALIBRATION: FamilyCalibration = {
  pooled: { x: [0.541, 0.8511], y: [0.5846, 0.8949] },
  families: {
    passive: { x: [0.5772, 0.9665], y: [0.684, 0.7369] },
    retries: { x: [0.568], y: [0.3058] },
    routing: { x: [0.4707, 0.5272, 0.6931, 0.9665], y: [0.6388, 0.7755, 0.8761, 0.965] },
  },
  seen: ['passive', 'retries', 'routing'],
};
