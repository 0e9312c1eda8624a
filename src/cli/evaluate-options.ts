/**
 * The command line of `npm run evaluate`: its flags, checked, and the situations file it reads.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  POLICY_IDS,
  SituationFileSchema,
  formatZodError,
  type PolicyId,
  type Situation,
} from '../contracts';
import { defaultSituations } from '../domain/evaluation';
import { TRAINING_EXPERIENCE_CYCLES } from '../domain/evaluation/training-experience';
import { integerFlag, parseFlags, UsageError } from './args';

/** The command's usage text. */
export const USAGE = `Usage: npm run evaluate -- [options]

  --seeds N            decision seeds per situation, 1–1000 (default 10)
  --oracle-seeds K     seeds the oracle averages each candidate over, 2–200 (default 20)
  --policies IDS       comma-separated policies (default: ${POLICY_IDS.join(',')})
  --situations FILE    score the situations of a JSON file ({"situations": [...]}, see README)
  --only IDS           comma-separated situation ids to keep
  --shard i/n          run only shard i of n (1-based); --merge puts the shards together
  --merge FILES        comma-separated --json reports of shards: print their merged report
  --cycles N           learning-curve cycles per arm on the training set, 0–5000 (default 0)
  --stream S           the learning curve's situations: catalog (default) or drawn (40 drawn
                       at random from the fault space, ground the planner was not built on)
  --seed S             seed of the learning curve's situation stream (default 1)
  --experience N       learning cycles on the training catalog the agent carries into a second
                       held-out pass, 0–5000 (default ${TRAINING_EXPERIENCE_CYCLES}; 0: none)
  --workers N          worker threads, 1–64 (default: one per core; 1 runs in this thread)
  --json               print the EvaluationReport as JSON
  --help               show this message`;

/** What the command line asked for, checked. */
export interface EvaluateOptions {
  seeds: number;
  oracleSeeds: number;
  cycles: number;
  seed: number;
  /** Learning cycles of training experience for the second held-out pass (0: none). */
  experience: number;
  /** The learning curve's situations. */
  stream: 'catalog' | 'drawn';
  policies: PolicyId[];
  situations: Situation[];
  shard: { index: number; count: number } | null;
  merge: string[] | null;
  workers: number;
  /** Score the preset incident scripts by stage (the whole default run only). */
  incidents: boolean;
  json: boolean;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads and checks a situations file; the message names the file and the field. */
export function readSituationFile(path: string): Situation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--situations: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--situations: ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = SituationFileSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`--situations: ${path}: ${formatZodError(parsed.error, 5)}`);
  const ids = parsed.data.situations.map((s) => s.id);
  const twice = ids.find((id, k) => ids.indexOf(id) !== k);
  if (twice) throw new UsageError(`--situations: ${path}: situation id "${twice}" appears twice`);
  return parsed.data.situations.map((s) => ({ ...s, set: s.set ?? 'held_out' }));
}

function shardFlag(raw: string | undefined): EvaluateOptions['shard'] {
  if (raw === undefined) return null;
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1000 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n ≤ 1000, got "${raw}"`);
  return { index, count };
}

/** The --stream flag: catalog unless it says drawn; anything else is a usage error. */
function streamFlag(raw: string | undefined): 'catalog' | 'drawn' {
  if (raw === undefined || raw === 'catalog') return 'catalog';
  if (raw === 'drawn') return 'drawn';
  throw new UsageError(
    `--stream must be catalog or drawn, got ${JSON.stringify(raw).slice(0, 40)}`,
  );
}

/** Parses and checks the command line; throws a UsageError on anything it does not understand. */
export function parseOptions(args: string[]): EvaluateOptions | 'help' {
  const values = parseFlags(args, {
    seeds: { type: 'string' },
    'oracle-seeds': { type: 'string' },
    cycles: { type: 'string' },
    experience: { type: 'string' },
    seed: { type: 'string' },
    stream: { type: 'string' },
    policies: { type: 'string' },
    situations: { type: 'string' },
    only: { type: 'string' },
    shard: { type: 'string' },
    merge: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return 'help';
  const policies = values.policies === undefined ? [...POLICY_IDS] : list(values.policies);
  const unknownPolicy = policies.filter((p) => !(POLICY_IDS as readonly string[]).includes(p));
  if (policies.length === 0 || unknownPolicy.length > 0)
    throw new UsageError(
      `--policies must name policies among ${POLICY_IDS.join(', ')}; unknown: ${unknownPolicy.join(', ') || '(none given)'}`,
    );
  let situations =
    values.situations === undefined ? defaultSituations() : readSituationFile(values.situations);
  if (values.only !== undefined) {
    const only = list(values.only);
    const unknown = only.filter((id) => !situations.some((s) => s.id === id));
    if (only.length === 0 || unknown.length > 0)
      throw new UsageError(
        `--only must name situations of the run; unknown: ${unknown.join(', ') || '(none given)'}`,
      );
    situations = situations.filter((s) => only.includes(s.id));
  }
  return {
    seeds: integerFlag('seeds', values.seeds, 10, 1, 1000),
    oracleSeeds: integerFlag('oracle-seeds', values['oracle-seeds'], 20, 2, 200),
    cycles: integerFlag('cycles', values.cycles, 0, 0, 5000),
    experience: integerFlag('experience', values.experience, TRAINING_EXPERIENCE_CYCLES, 0, 5000),
    seed: integerFlag('seed', values.seed, 1, 0, 0xffff_ffff),
    stream: streamFlag(values.stream),
    policies: policies as PolicyId[],
    situations,
    shard: shardFlag(values.shard),
    merge: values.merge === undefined ? null : list(values.merge),
    workers: integerFlag('workers', values.workers, Math.max(1, availableParallelism()), 1, 64),
    incidents: values.situations === undefined && values.only === undefined,
    json: values.json === true,
  };
}
