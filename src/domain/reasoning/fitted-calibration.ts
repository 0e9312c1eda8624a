/**
 * How often a pick at each evidence confidence met its expectations (the executor's verdict on its
 * paired window), per remedy family, on the training catalog and 200 situations drawn from the
 * fault space: printed by `npm run fit-calibration` (src/cli/fit-calibration.ts) and pasted here.
 * The held-out set is never used to fit it.
 */
import type { FamilyCalibration } from '../evaluation/calibration';

/** The calibration the agent states its confidence through (see fitCalibration). */
export const FITTED_CALIBRATION: FamilyCalibration = {
  pooled: { x: [0.4501, 0.555, 0.7237, 0.9608], y: [0.6316, 0.8435, 0.8483, 0.8968] },
  families: {
    passive: { x: [0.4816, 0.6752, 0.9611], y: [0.7561, 0.9018, 0.9896] },
    retries: { x: [0.4025, 0.5626], y: [0.5742, 0.8224] },
    routing: { x: [0.4685, 0.5497, 0.8679], y: [0.6174, 0.8311, 0.8404] },
  },
  seen: ['passive', 'retries', 'routing'],
};
