/**
 * The reproducible fit of the agent's calibration. The agent states its uncalibrated evidence
 * confidence on every case of the training catalog and of situations drawn at random from the
 * whole fault space (calibration-set.ts: ground the planner was not built on, where it is right
 * less often than on the catalog); each pick runs through the lab's executor with the confidence
 * gate lifted (every other limit holds), and met is the executor's verdict on its paired window (it delivered at least
 * half its estimated gain and was not significantly worse). That is the event the Beta posterior
 * in the stated confidence counts, so the map is the posterior's prior. A map per remedy family
 * is fitted to those pairs. Nothing here can see the held-out set.
 */
import type { Situation } from '../../contracts';
import { remedyFamily } from '../reasoning/remedy-family';
import {
  fitFamilyCalibration,
  MIN_FAMILY_PAIRS,
  type FamilyCalibration,
  type FamilyPair,
} from './calibration';
import { calibrationSituations, CALIBRATION_SET_SEED } from './calibration-set';
import { CATALOG } from './catalog';
import { warmRun } from './case-world';
import { destinationGround, type DestinationGround } from './destination-ground';
import { DEFAULT_DECISION_SEEDS } from './evaluation-run';
import { DEFAULT_ORACLE_SEEDS, runMultiSeedOracle } from './oracle-multi-seed';
import { policyTurn } from './policy-turn';
import { FIRST_SEED } from './scoring';

/** Drawn situations the fit reads unless told otherwise. */
export const DEFAULT_FIT_DRAWN = 200;

/** Decision seeds per drawn situation: the draws differ more between situations than seeds. */
export const DRAWN_SEEDS = 3;

/** How many cases the fit reads. */
export interface FitOptions {
  /** Decision seeds per training situation. */
  seeds?: number;
  /** Seeds the oracle averages each candidate over. */
  oracleSeeds?: number;
  /** Situations drawn from the fault space besides the catalog (0: the catalog alone). */
  drawn?: number;
}

/** A fit pair and, for a routing pick, what its destination showed the agent (see destinationGround). */
export interface FitPair extends FamilyPair {
  destination: DestinationGround | null;
}

/**
 * The (evidence confidence, met, family) pair of every case of `situations` on `seeds` decision
 * seeds each. A pick the other guardrails block (a share cap, say) does not run and gives no pair:
 * the count of those is returned beside the pairs.
 */
export function fitPairs(
  situations: readonly Situation[],
  seeds: number,
  oracleSeeds: number = DEFAULT_ORACLE_SEEDS,
): { pairs: FitPair[]; unrun: number } {
  const pairs: FitPair[] = [];
  let unrun = 0;
  for (const situation of situations) {
    const oracle = runMultiSeedOracle(situation, oracleSeeds);
    for (let k = 0; k < seeds; k++) {
      const seed = FIRST_SEED + k;
      const run = warmRun(situation, seed);
      const r = policyTurn(
        'agent',
        oracle,
        'training',
        seed,
        { calibration: 'evidence' },
        run,
        undefined,
        'lifted',
      );
      if (typeof r.outcomeMet !== 'boolean') {
        unrun += 1;
        continue;
      }
      const family = remedyFamily(r.agentAction.type);
      const destination = destinationGround(r.agentAction, run);
      pairs.push({ confidence: r.confidence, met: r.outcomeMet, family, destination });
    }
  }
  return { pairs, unrun };
}

/** The situations a fit with these options reads: the catalog, then the drawn ones. */
export function fitSituations(options: FitOptions = {}): {
  catalog: readonly Situation[];
  drawn: Situation[];
} {
  const drawn = options.drawn ?? DEFAULT_FIT_DRAWN;
  return {
    catalog: CATALOG,
    drawn: drawn > 0 ? calibrationSituations(drawn, CALIBRATION_SET_SEED) : [],
  };
}

/** Fits the per-family calibration on the catalog and the drawn situations (see fitPairs). */
export function fitCalibration(
  options: FitOptions = {},
  minPairs: number = MIN_FAMILY_PAIRS,
): { calibration: FamilyCalibration; pairs: FitPair[]; unrun: number } {
  const { catalog, drawn } = fitSituations(options);
  const oracleSeeds = options.oracleSeeds ?? DEFAULT_ORACLE_SEEDS;
  const a = fitPairs(catalog, options.seeds ?? DEFAULT_DECISION_SEEDS, oracleSeeds);
  const b = fitPairs(drawn, DRAWN_SEEDS, oracleSeeds);
  const pairs = [...a.pairs, ...b.pairs];
  return { calibration: fitFamilyCalibration(pairs, minPairs), pairs, unrun: a.unrun + b.unrun };
}
