/**
 * One headless agent cycle, simulate → reason, the successor of the seeds' integration runner:
 *
 *   npm run cycle -- --degradation 0.85 [--issuer visa] [--seed 42] [--events 6000] [--json]
 *   npm run cycle -- --batch FILE|- [--now MS]
 *
 * Prints anomalies, patterns, hypotheses, proposals with scores and the decision (or the whole
 * ReasoningResult as JSON with --json). With --batch, one JSON line per input line: the
 * ReasoningResult and the guardrails' verdict (see cycle-batch.ts). Bad flags exit with code 2.
 */
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  HEALTHY_SCENARIO,
  ISSUER_IDS,
  ReasoningResultSchema,
  parseContract,
  type IssuerId,
  type MetricsSnapshot,
  type ReasoningResult,
  type Scenario,
} from '../contracts';
import { formatPercent } from '../domain/percent';
import { reason } from '../domain/reasoning';
import { simulatePair } from '../domain/simulation';
import { UsageError, integerFlag, issuerFlag, numberFlag, parseFlags, runCommand } from './args';
import { readBatchSource, runBatchText } from './cycle-batch';

const USAGE = `Usage: npm run cycle -- [options]
       npm run cycle -- --batch FILE|- [--now MS]

  --degradation F          health of the primary route, 0–1 (0.85 = 85 % of normal; default 1)
  --issuer ID              degrade only this issuer (${ISSUER_IDS.join(', ')}); default every issuer
  --processor-health F     health of the primary processor, 0–1 (default 1)
  --decline-rate F         extra share of payments issuers decline, 0–1 (default 0)
  --latency-multiplier F   network latency multiplier, 1–10 (default 1)
  --retry-aggressiveness F how hard clients retry, 0–1 (default ${HEALTHY_SCENARIO.retryAggressiveness})
  --no-backoff             clients retry without backoff
  --events N               payments per window, 1–10000000 (default 6000)
  --seed S                 random seed, 0–4294967295 (default 42)
  --now MS                 decision time in ms since the epoch (default: the clock)
  --json                   print the ReasoningResult as JSON
  --batch FILE|-           read JSON lines {"scenario","controlPlane","activeActions"?,"seed"?,
                           "history"?,"notices"?,"windowsBefore"?} (- for standard input) and write one
                           JSON line per line: {"line","result","verdict"} or {"line","error"};
                           exit 1 when a line was refused
  --help                   show this message`;

/** What the command line asked for, checked. */
export interface CycleOptions {
  scenario: Scenario;
  issuer: IssuerId | null;
  degradation: number;
  now: number;
  json: boolean;
  /** --batch's file (- for standard input), or null for one cycle from the flags. */
  batch: string | null;
}

const share = (n: number): boolean => n >= 0 && n <= 1;

/** Parses and checks the command line; throws UsageError on anything it does not understand. */
export function parseOptions(args: string[], clock: () => number): CycleOptions | 'help' {
  const values = parseFlags(args, {
    degradation: { type: 'string' },
    issuer: { type: 'string' },
    'processor-health': { type: 'string' },
    'decline-rate': { type: 'string' },
    'latency-multiplier': { type: 'string' },
    'retry-aggressiveness': { type: 'string' },
    'no-backoff': { type: 'boolean' },
    events: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean' },
    batch: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (values.batch !== undefined) {
    // A batch line carries its own world: only the decision time may come from the flags.
    for (const [flag, value] of Object.entries(values)) {
      if (flag !== 'batch' && flag !== 'now' && value !== undefined) {
        throw new UsageError(`--${flag} cannot be used with --batch (each line carries its world)`);
      }
    }
  }
  const issuer = issuerFlag(values.issuer);
  const fraction = 'a number from 0 to 1';
  const degradation = numberFlag('degradation', values.degradation, 1, share, fraction);
  const issuerHealth = { ...HEALTHY_SCENARIO.issuerHealth };
  for (const id of ISSUER_IDS) if (issuer === null || issuer === id) issuerHealth[id] = degradation;
  const scenario: Scenario = {
    ...HEALTHY_SCENARIO,
    id: 'cli-cycle',
    issuerHealth,
    processorHealth: numberFlag('processor-health', values['processor-health'], 1, share, fraction),
    issuerDeclineRate: numberFlag('decline-rate', values['decline-rate'], 0, share, fraction),
    networkLatencyMultiplier: numberFlag(
      'latency-multiplier',
      values['latency-multiplier'],
      1,
      (n) => n >= 1 && n <= 10,
      'a number from 1 to 10',
    ),
    retryAggressiveness: numberFlag(
      'retry-aggressiveness',
      values['retry-aggressiveness'],
      HEALTHY_SCENARIO.retryAggressiveness,
      share,
      fraction,
    ),
    clientBackoff: !(values['no-backoff'] ?? false),
    trafficVolume: integerFlag('events', values.events, 6000, 1, 10_000_000),
    seed: integerFlag('seed', values.seed, 42, 0, 0xffff_ffff),
  };
  const now = numberFlag(
    'now',
    values.now,
    clock(),
    (n) => Number.isInteger(n) && n >= 0,
    'a non-negative integer',
  );
  return {
    scenario,
    issuer,
    degradation,
    now,
    json: values.json ?? false,
    batch: values.batch ?? null,
  };
}

/** Simulates the options' world and reasons about it, as one agent cycle with nothing learned. */
export function runCycle(options: CycleOptions): {
  baseline: MetricsSnapshot;
  current: MetricsSnapshot;
  result: ReasoningResult;
} {
  const { baseline, current } = simulatePair(options.scenario, DEFAULT_CONTROL_PLANE, options.now);
  const result = reason({
    currentMetrics: current,
    baselineMetrics: baseline,
    learningContext: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now: options.now,
  });
  return { baseline, current, result: parseContract(ReasoningResultSchema, result, 'result') };
}

const pct = (x: number, digits = 1): string => formatPercent(x, { digits });
const signedPct = (x: number): string => formatPercent(x, { digits: 2, signed: true });

/** The readable report of one cycle, in the spirit of the seeds' example output. */
export function formatReport(
  options: CycleOptions,
  baseline: MetricsSnapshot,
  current: MetricsSnapshot,
  result: ReasoningResult,
): string {
  const s = options.scenario;
  const faults = [
    options.degradation !== 1
      ? `degradation ${options.degradation} (${options.issuer ?? 'every issuer'})`
      : '',
    s.processorHealth !== 1 ? `processor health ${s.processorHealth}` : '',
    s.issuerDeclineRate !== 0 ? `decline rate ${s.issuerDeclineRate}` : '',
    s.networkLatencyMultiplier !== 1 ? `latency ×${s.networkLatencyMultiplier}` : '',
    s.retryAggressiveness !== HEALTHY_SCENARIO.retryAggressiveness
      ? `retry aggressiveness ${s.retryAggressiveness}`
      : '',
    s.clientBackoff ? '' : 'no client backoff',
  ].filter((x) => x !== '');
  const window = (label: string, m: MetricsSnapshot): string =>
    `${label} success ${pct(m.successRate, 2)}, p99 ${Math.round(m.latency.p99)} ms, retries ${pct(m.retryRatio)} of attempts`;
  const lines: string[] = [
    `Scenario: ${faults.length > 0 ? faults.join(', ') : 'healthy'}; ${s.trafficVolume} events, seed ${s.seed}`,
    window('  Baseline:', baseline),
    window('  Current: ', current),
    '',
    'Anomalies Detected:',
  ];
  if (result.anomalies.length === 0) lines.push('   (none)');
  result.anomalies.forEach((a, i) =>
    lines.push(
      `   ${i + 1}. ${a.type} (${a.severity}) ${a.scope} - ${pct(Math.abs(a.deviation))} deviation, p = ${a.pValue === null ? 'n/a' : a.pValue === 0 ? '< 1e-300' : a.pValue.toExponential(1)}`,
    ),
  );
  lines.push('', 'Patterns Recognized:');
  result.patterns.forEach((p, i) => {
    const where = [
      p.issuerIds.length > 0 ? `[${p.issuerIds.join(', ')}]` : '',
      p.faultLocation,
      p.routeId ?? '',
    ]
      .filter((x) => x !== '')
      .join(' ');
    lines.push(`   ${i + 1}. ${p.type} ${where}, strength ${pct(p.strength, 0)}`);
    lines.push(`      ${p.description}`);
  });
  lines.push('', `Hypotheses Generated (${result.hypothesisSource}):`);
  result.hypotheses.forEach((h, i) => {
    lines.push(`   ${i + 1}. Pattern: ${h.pattern}, confidence ${pct(h.confidence, 0)}`);
    lines.push(`      Root cause: ${h.rootCause}`);
    lines.push(`      Suggested: ${h.suggestedActions.join(', ')}`);
  });
  if (result.llmRejectionReason) lines.push(`   (${result.llmRejectionReason})`);
  lines.push('', 'Action Proposals:');
  const ranked = [...result.proposals].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  ranked.forEach((p, i) => {
    const e = p.estimatedImpact;
    lines.push(
      `   ${i + 1}. ${p.type} ${JSON.stringify(p.parameters)} score ${(p.score ?? 0).toFixed(3)}: success ${signedPct(e.successRateChange)}, p99 ${Math.round(e.latencyImpact)} ms, cost +${pct(e.costImpact)}, risk ${e.riskLevel.toFixed(2)}${p.reversible ? '' : ', irreversible'}`,
    );
    if (p.rationale) lines.push(`      why: ${p.rationale}`);
  });
  const d = result.decision;
  lines.push(
    '',
    'Decision:',
    `   Action: ${d.selectedAction.type} - ${d.selectedAction.description}`,
    `   Pattern: ${d.pattern ?? 'n/a'} (hypothesis ${d.hypothesisId ?? 'n/a'})`,
    `   Score: ${d.score.toFixed(3)}`,
    `   Confidence: ${pct(d.confidenceInDecision, 0)}`,
    `   Requires Approval: ${d.requiresHumanApproval}`,
  );
  for (const r of d.approvalReasons) lines.push(`     - ${r}`);
  return `${lines.join('\n')}\n`;
}

/** Runs --batch: one JSON line out per line in; 1 when a line was refused, 2 when unreadable. */
function runBatchFlag(source: string, now: number): number {
  let text: string;
  try {
    text = readBatchSource(source);
  } catch (error) {
    process.stderr.write(`cycle: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const lines = runBatchText(text, now, source);
  if (lines.length === 0) {
    process.stderr.write(`cycle: ${source} has no lines to run\n`);
    return 2;
  }
  process.stdout.write(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return lines.some((l) => 'error' in l) ? 1 : 0;
}

/** Runs the command line; returns the exit code. */
export function main(args: string[]): number {
  return runCommand(
    'cycle',
    USAGE,
    args,
    (a) => parseOptions(a, () => Date.now()),
    (options) => {
      if (options.batch !== null) return runBatchFlag(options.batch, options.now);
      const { baseline, current, result } = runCycle(options);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : formatReport(options, baseline, current, result),
      );
      return 0;
    },
  );
}

// Run only as a program, so tests and the bench can import the helpers.
if (process.argv[1] !== undefined && /cycle\.ts$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
