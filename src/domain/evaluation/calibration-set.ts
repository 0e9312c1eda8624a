/**
 * The calibration set: situations drawn at random from the lab's whole fault space (every
 * scenario field, the start plane and the volume), seeded, so the confidence map is fitted on
 * ground the planner was never designed on. The training catalog is the ground it was built on,
 * where it is right nearly always; a map fitted there states that rate everywhere. These
 * situations are judged by the multi-seed oracle alone: their truth is written from the draws,
 * their remedy admits every action, and neither is scored. Disjoint from the held-out set, which
 * stays only ever scored.
 */
import {
  ACTION_TYPES,
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ISSUER_IDS,
  type ControlPlane,
  type IssuerId,
  type Situation,
  type SituationFaults,
  type SituationTruth,
} from '../../contracts';
import { round } from '../numbers';
import { Random } from '../random';

/** Situations the fit draws unless told otherwise. */
export const DEFAULT_CALIBRATION_SITUATIONS = 120;

/** Seed of the calibration set's draws. */
export const CALIBRATION_SET_SEED = 2027;

/** Seed of the draws the fitted map is checked on, apart from those it is fitted on. */
export const CALIBRATION_CHECK_SEED = 3001;

/** Stream of the calibration set's generator, apart from every other stream of the lab. */
const STREAM = 23;

/** A uniform draw in [lo, hi), to two decimals. */
function uniform(random: Random, lo: number, hi: number): number {
  return round(lo + (hi - lo) * random.next(), 2);
}

/** The faults of one draw: each field is touched with its own chance, else left healthy. */
function drawFaults(random: Random): SituationFaults {
  const issuerHealth = { ...HEALTHY_SCENARIO.issuerHealth };
  for (const id of ISSUER_IDS)
    if (random.chance(0.25)) issuerHealth[id] = uniform(random, 0.5, 0.97);
  const routeHealth: NonNullable<SituationFaults['routeHealth']> = {};
  for (const id of ISSUER_IDS)
    if (random.chance(0.1)) routeHealth[id] = { backup: uniform(random, 0.5, 0.97) };
  const issuerDeclineRates: NonNullable<SituationFaults['issuerDeclineRates']> = {};
  for (const id of ISSUER_IDS)
    if (random.chance(0.08)) issuerDeclineRates[id] = uniform(random, 0.05, 0.3);
  const storm = random.chance(0.2);
  return {
    issuerHealth,
    processorHealth: random.chance(0.2) ? uniform(random, 0.6, 0.97) : 1,
    issuerDeclineRate: random.chance(0.1) ? uniform(random, 0.02, 0.15) : 0,
    networkLatencyMultiplier: random.chance(0.15) ? uniform(random, 1.5, 4) : 1,
    retryAggressiveness: storm ? uniform(random, 0.5, 1) : HEALTHY_SCENARIO.retryAggressiveness,
    clientBackoff: storm ? random.chance(0.5) : HEALTHY_SCENARIO.clientBackoff,
    ...(random.chance(0.2) ? { backupProcessorHealth: uniform(random, 0.5, 1) } : {}),
    ...(Object.keys(routeHealth).length > 0 ? { routeHealth } : {}),
    ...(Object.keys(issuerDeclineRates).length > 0 ? { issuerDeclineRates } : {}),
  };
}

/** The default plane, or with one issuer partly on its backup already (an earlier shift). */
function drawPlane(random: Random): ControlPlane | undefined {
  if (!random.chance(0.2)) return undefined;
  const id = ISSUER_IDS[random.nextInt(ISSUER_IDS.length)] as IssuerId;
  const backup = uniform(random, 0.2, 0.6);
  return {
    ...DEFAULT_CONTROL_PLANE,
    routing: { ...DEFAULT_CONTROL_PLANE.routing, [id]: { primary: round(1 - backup, 2), backup } },
    disabledRoutes: [],
  };
}

/** The issuers whose primary route is below full health. */
function weakIssuers(faults: SituationFaults): IssuerId[] {
  return ISSUER_IDS.filter((id) => faults.issuerHealth[id] < 1);
}

/** What the draw injects, in words and as the pattern it most resembles. */
function truthOf(faults: SituationFaults): SituationTruth {
  const issuers = weakIssuers(faults);
  const declines = faults.issuerDeclineRate > 0 || faults.issuerDeclineRates !== undefined;
  const words = [
    issuers.length > 0 ? `issuers ${issuers.join(', ')} below full health on primary` : '',
    faults.processorHealth < 1 ? `primary processor at ${faults.processorHealth}` : '',
    faults.backupProcessorHealth !== undefined
      ? `backup processor at ${faults.backupProcessorHealth}`
      : '',
    faults.routeHealth ? 'some backup routes weakened' : '',
    declines ? 'issuers decline more' : '',
    faults.networkLatencyMultiplier > 1 ? `latency ×${faults.networkLatencyMultiplier}` : '',
    faults.retryAggressiveness > HEALTHY_SCENARIO.retryAggressiveness ? 'aggressive retries' : '',
  ].filter((w) => w !== '');
  // A weak backup with nothing on it shows in no window: such a draw is quiet ground.
  const pattern: SituationTruth['pattern'] =
    faults.processorHealth < 1
      ? 'processor_outage'
      : issuers.length > 0 || declines
        ? 'issuer_degradation'
        : faults.retryAggressiveness > HEALTHY_SCENARIO.retryAggressiveness
          ? 'retry_storm'
          : faults.networkLatencyMultiplier > 1
            ? 'latency_spike'
            : 'noise';
  return {
    pattern,
    issuerIds: null,
    faultLocation: null,
    rootCause: `drawn for the calibration fit: ${words.length > 0 ? words.join('; ') : 'nothing injected'}`,
  };
}

/**
 * `count` situations drawn from `seed`: the same seed, the same set. Each has its own faults,
 * 500–12,000 payments a window (log-uniform), sometimes an earlier shift in force, and 2–5
 * warm-up windows.
 */
export function calibrationSituations(
  count: number = DEFAULT_CALIBRATION_SITUATIONS,
  seed: number = CALIBRATION_SET_SEED,
): Situation[] {
  const random = new Random(seed, STREAM);
  const out: Situation[] = [];
  for (let i = 0; i < count; i++) {
    const faults = drawFaults(random);
    const startPlane = drawPlane(random);
    const trafficVolume = Math.round(500 * Math.pow(24, random.next()));
    const truth = truthOf(faults);
    out.push({
      id: `cal-${i + 1}`,
      label: `Calibration draw ${i + 1}`,
      kind: truth.pattern === 'noise' && startPlane === undefined ? 'healthy' : 'fault',
      faults,
      trafficVolume,
      warmupWindows: 2 + random.nextInt(4),
      ...(startPlane ? { startPlane } : {}),
      truth,
      remedy: {
        actionTypes: [...ACTION_TYPES],
        issuerIds: null,
        description: 'judged by the oracle alone',
      },
    });
  }
  return out;
}
