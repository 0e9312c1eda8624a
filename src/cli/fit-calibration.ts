/**
 * Fits the agent's confidence calibration and prints it:
 *
 *   npm run fit-calibration -- [--seeds 10] [--oracle-seeds 20] [--min-family-pairs 20]
 *                              [--drawn 200] [--check 100]
 *
 * Runs the agent with its uncalibrated evidence confidence on the training catalog and on
 * `--drawn` situations drawn at random from the fault space, each pick through the executor
 * (met: the executor's verdict), and prints the reliability table per remedy family, the routing
 * picks by what their destination showed the agent (a route that carried no traffic shows nothing
 * of its health), the error through the fitted map in sample and on `--check` other drawn
 * situations (out of sample), and the map as TypeScript to paste into
 * src/domain/reasoning/fitted-calibration.ts. Re-run it whenever the planner or the evidence
 * formula changes. The held-out set is never read; bad flags exit 2.
 */
import {
  applyFamilyCalibration,
  calibrationReport,
  formatCalibration,
  type CalibrationMap,
  type FamilyCalibration,
} from '../domain/evaluation/calibration';
import { DRAWN_SEEDS, fitCalibration, fitPairs } from '../domain/evaluation/calibration-fit';
import { formatDestinationGround } from '../domain/evaluation/destination-ground';
import {
  calibrationSituations,
  CALIBRATION_CHECK_SEED,
} from '../domain/evaluation/calibration-set';
import { integerFlag, parseFlags, runCommand } from './args';

const USAGE = `Usage: npm run fit-calibration -- [options]

  --seeds N              decision seeds per training situation, 1–1000 (default 10)
  --oracle-seeds K       seeds the oracle averages each candidate over, 2–200 (default 20)
  --min-family-pairs M   fewest pairs a remedy family needs for its own map, 1–10000 (default 20)
  --drawn N              situations drawn from the fault space to fit on besides the catalog,
                         0–1000 (default 200)
  --check N              other drawn situations to check the map on, 0–1000 (default 100)
  --help                 show this message`;

/** What the command line asked for, checked. */
export interface FitCalibrationOptions {
  seeds: number;
  oracleSeeds: number;
  minFamilyPairs: number;
  /** Situations drawn at random to fit on besides the catalog (0: the catalog alone). */
  drawn: number;
  /** Other situations drawn at random to check the map on, out of sample (0: none). */
  check: number;
}

/** Parses and checks the command line; throws a UsageError on anything it does not understand. */
export function parseFitOptions(args: string[]): FitCalibrationOptions | 'help' {
  const values = parseFlags(args, {
    seeds: { type: 'string' },
    'oracle-seeds': { type: 'string' },
    'min-family-pairs': { type: 'string' },
    drawn: { type: 'string' },
    check: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) return 'help';
  return {
    seeds: integerFlag('seeds', values.seeds, 10, 1, 1000),
    oracleSeeds: integerFlag('oracle-seeds', values['oracle-seeds'], 20, 2, 200),
    minFamilyPairs: integerFlag('min-family-pairs', values['min-family-pairs'], 20, 1, 10_000),
    drawn: integerFlag('drawn', values.drawn, 200, 0, 1000),
    check: integerFlag('check', values.check, 100, 0, 1000),
  };
}

const knots = (xs: readonly number[]) => `[${xs.map((v) => v.toFixed(4)).join(', ')}]`;
const mapText = (m: CalibrationMap) => `{ x: ${knots(m.x)}, y: ${knots(m.y)} }`;

/** The fitted calibration as the TypeScript constant it is stored as. */
export function calibrationSource(calibration: FamilyCalibration): string {
  const families = Object.entries(calibration.families)
    .map(([family, map]) => `    ${family}: ${mapText(map)},`)
    .join('\n');
  return [
    'export const FITTED_CALIBRATION: FamilyCalibration = {',
    `  pooled: ${mapText(calibration.pooled)},`,
    `  families: {${families === '' ? '' : `\n${families}\n  `}},`,
    ...(calibration.seen ? [`  seen: [${calibration.seen.map((f) => `'${f}'`).join(', ')}],`] : []),
    '};',
  ].join('\n');
}

/** Runs the fit and returns the text the command prints. */
export function fitCalibrationText(options: FitCalibrationOptions): string {
  const { calibration, pairs, unrun } = fitCalibration(
    { seeds: options.seeds, oracleSeeds: options.oracleSeeds, drawn: options.drawn },
    options.minFamilyPairs,
  );
  const lines = [
    `Calibration fit on the training catalog (${options.seeds} seeds each situation) and ${options.drawn} situations drawn from the fault space (${DRAWN_SEEDS} seeds each): ${pairs.length} decisions run${unrun > 0 ? ` (${unrun} blocked by other limits, left out)` : ''}, met = the executor's verdict, oracle over ${options.oracleSeeds} seeds`,
  ];
  for (const family of [...new Set(pairs.map((p) => p.family))].sort()) {
    const mine = pairs.filter((p) => p.family === family);
    const own = calibration.families[family] !== undefined ? 'own map' : 'pooled map';
    lines.push('', `${family} (${own}), evidence confidence:`);
    lines.push(...formatCalibration(calibrationReport(mine)));
  }
  const through = (ps: typeof pairs) =>
    ps.map((p) => ({
      confidence: applyFamilyCalibration(calibration, p.family, p.confidence),
      met: p.met,
    }));
  lines.push('', ...formatDestinationGround(pairs));
  lines.push(
    '',
    'Through the fitted map (in sample):',
    ...formatCalibration(calibrationReport(through(pairs))),
  );
  if (options.check > 0) {
    // Other draws: ground neither the planner nor the map was fitted on, and not the held-out set.
    const check = fitPairs(
      calibrationSituations(options.check, CALIBRATION_CHECK_SEED),
      DRAWN_SEEDS,
      options.oracleSeeds,
    );
    lines.push(
      '',
      `Through the fitted map on ${options.check} other drawn situations, ${DRAWN_SEEDS} seeds each (out of sample):`,
      ...formatCalibration(calibrationReport(through(check.pairs))),
    );
  }
  lines.push('', '// src/domain/reasoning/fitted-calibration.ts', calibrationSource(calibration));
  return `${lines.join('\n')}\n`;
}

/** Runs the command line; returns the exit code. */
export function main(args: string[]): number {
  return runCommand('fit-calibration', USAGE, args, parseFitOptions, (options) => {
    process.stdout.write(fitCalibrationText(options));
    return 0;
  });
}

// Run only as a program, so tests can import the helpers.
if (process.argv[1] !== undefined && /fit-calibration\.ts$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
