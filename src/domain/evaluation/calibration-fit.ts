/**
 * The reproducible fit of the agent's calibration: the agent states its uncalibrated evidence
 * confidence on every case of the training catalog, each case's action is judged against the
 * multi-seed oracle (met: the oracle's best or tied with it, as the evaluation's reliability
 * table counts it), and a map per remedy family is fitted to those pairs. The same pairs on
 * situations drawn at random from the fault space (calibration-set.ts) check the map on ground
 * it was not fitted on. Nothing here can see the held-out set.
 */
import { remedyFamily } from '../reasoning/decision';
import {
  fitFamilyCalibration,
  MIN_FAMILY_PAIRS,
  type FamilyCalibration,
  type FamilyPair,
} from './calibration';
import type { Situation } from '../../contracts';
import { CATALOG } from './catalog';
import { DEFAULT_DECISION_SEEDS } from './evaluation-run';
import { agreement, DEFAULT_ORACLE_SEEDS, runMultiSeedOracle } from './oracle-multi-seed';
import { policyTurn } from './policy-turn';
import { FIRST_SEED } from './scoring';

/** How many cases the fit reads. */
export interface FitOptions {
  /** Decision seeds per training situation. */
  seeds?: number;
  /** Seeds the oracle averages each candidate over. */
  oracleSeeds?: number;
}

/**
 * The (evidence confidence, met, family) pair of every case of `situations` (the training catalog
 * unless given). A decision the guardrails
 * blocked still says what the agent would have done: its action is judged as if it had run,
 * because the calibrated confidence decides which decisions pass the gate in the first place.
 * An executed action that was rolled back counts as what stayed in force (nothing).
 */
export function fitPairs(
  options: FitOptions = {},
  situations: readonly Situation[] = CATALOG,
): FamilyPair[] {
  const seeds = options.seeds ?? DEFAULT_DECISION_SEEDS;
  const pairs: FamilyPair[] = [];
  for (const situation of situations) {
    const oracle = runMultiSeedOracle(situation, options.oracleSeeds ?? DEFAULT_ORACLE_SEEDS);
    for (let k = 0; k < seeds; k++) {
      const r = policyTurn('agent', oracle, 'training', FIRST_SEED + k, {
        calibration: 'evidence',
      });
      const chosen = { type: r.agentAction.type, parameters: r.agentAction.parameters };
      const met = r.blocked ? agreement(oracle, chosen).exact : r.exactAgreement === true;
      pairs.push({ confidence: r.confidence, met, family: remedyFamily(chosen.type) });
    }
  }
  return pairs;
}

/** Fits the per-family calibration on the training catalog (see fitPairs). */
export function fitCalibration(
  options: FitOptions = {},
  minPairs: number = MIN_FAMILY_PAIRS,
): { calibration: FamilyCalibration; pairs: FamilyPair[] } {
  const pairs = fitPairs(options);
  return { calibration: fitFamilyCalibration(pairs, minPairs), pairs };
}
