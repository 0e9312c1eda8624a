/**
 * How often a pick at each evidence confidence met its expectations (the executor's verdict on its
 * paired window), per remedy family, on the training catalog and 200 situations drawn from the
 * fault space: printed by `npm run fit-calibration` (src/cli/fit-calibration.ts) and pasted here.
 * The held-out set is never used to fit it.
 */
import type { FamilyCalibration } from '../evaluation/calibration';

/** The calibration the agent states its confidence through (see fitCalibration). */
export const FITTED_CALIBRATION: FamilyCalibration = {
  pooled: {
    x: [0.3971, 0.4714, 0.5548, 0.7225, 0.9608],
    y: [0.6971, 0.6994, 0.8393, 0.8512, 0.8968],
  },
  families: {
    passive: { x: [0.4818, 0.5621, 0.814, 0.9611], y: [0.7736, 0.8967, 0.9028, 0.9896] },
    retries: { x: [0.3971, 0.4456, 0.5606], y: [0.6639, 0.6653, 0.821] },
    routing: { x: [0.4696, 0.5497, 0.8666], y: [0.6568, 0.8261, 0.8415] },
  },
  seen: ['passive', 'retries', 'routing'],
};
