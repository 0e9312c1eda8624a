/**
 * Incidents scored by stage: each policy runs through each incident script window by window, and
 * its run is read against the script's truth. Detected: the first window in the fault's span
 * where it names a pattern or acts. Localised: its action targets the faulty issuer, route or
 * processor. Classified: it names a pattern the faults in force explain. Mitigated: success is
 * back within 1 pt of the no-fault run while doing nothing is still below it, so a fault that
 * eases by itself is not counted as mitigated. Recovered: the control plane is back at the
 * defaults after the fault clears. Payments lost are counted against the no-fault run's success
 * rate on the run's own payments, beside doing nothing and the oracle on the same seeds.
 */
import {
  DEFAULT_CONTROL_PLANE,
  IncidentStageRowSchema,
  parseContract,
  type IncidentScript,
  type IncidentStageRow,
  type MetricsSnapshot,
  type PolicyId,
  type SafetyLimits,
} from '../../contracts';
import { mitigationDebt } from '../exposition/mitigation-debt';
import type { PolicyFactory } from '../policies/policy';
import { completed, runOracleIncident } from './incident-stages-oracle';
import { runFixed, runIncident, type IncidentRun, type RunWindow } from './incident-stages-run';
import { actionNamesPlace, incidentTruth, type IncidentTruth } from './incident-stages-truth';

/** How close to the no-fault success rate counts as mitigated: one percentage point. */
export const MITIGATED_WITHIN = 0.01;

/** A policy to score, by id and factory. */
export interface StagedPolicy {
  id: PolicyId;
  factory: PolicyFactory;
}

/** The references every policy's run on one script and seed is compared with. */
export interface IncidentReferences {
  truth: IncidentTruth;
  /** The same script without its events: the no-fault success of every window. */
  baseline: MetricsSnapshot[];
  doNothing: MetricsSnapshot[];
  oracle: MetricsSnapshot[];
}

/** The script with no events, on the same base and clock: its no-fault twin. */
function noFaultTwin(script: IncidentScript): IncidentScript {
  return { ...script, events: [] };
}

/** Builds the truth and the three reference runs of a script on a seed. */
export function incidentReferences(script: IncidentScript, seed: number): IncidentReferences {
  const truth = incidentTruth(script);
  return {
    truth,
    baseline: runFixed(noFaultTwin(script), seed, DEFAULT_CONTROL_PLANE),
    doNothing: runFixed(script, seed, DEFAULT_CONTROL_PLANE),
    oracle: runOracleIncident(script, seed, truth),
  };
}

/** Payments that failed beyond the no-fault run's success rate, summed over the windows. */
export function paymentsLost(
  run: readonly MetricsSnapshot[],
  baseline: readonly MetricsSnapshot[],
): number {
  let lost = 0;
  run.forEach((snapshot, w) => {
    const rate = baseline[w]?.successRate ?? snapshot.successRate;
    lost += rate * snapshot.totalTransactions - completed(snapshot);
  });
  return Math.round(lost);
}

/** A decision that says something is wrong: a pattern named, or anything but doing nothing. */
function signals(window: RunWindow): boolean {
  const pattern = window.decision.pattern;
  const named = pattern !== undefined && pattern !== 'noise' && pattern !== 'healthy';
  return named || window.decision.selectedAction.type !== 'do_nothing';
}

/** The first window in [from, to) that passes, or null. */
function firstWindow(from: number, to: number, pass: (w: number) => boolean): number | null {
  for (let w = from; w < to; w++) if (pass(w)) return w;
  return null;
}

const since = (at: number | null, from: number | null) =>
  at === null || from === null ? null : at - from;

/** Reads one run against the script's truth and references, as one staged row. */
export function scoreRun(
  script: IncidentScript,
  policy: PolicyId,
  seed: number,
  run: IncidentRun,
  refs: IncidentReferences,
): IncidentStageRow {
  const { truth, baseline, doNothing } = refs;
  const spanEnd = truth.clear ?? script.windows;
  const w = run.windows;
  const inSpan = (pass: (win: RunWindow, i: number) => boolean) =>
    firstWindow(truth.start, spanEnd, (i) => truth.active[i] === true && pass(w[i]!, i));
  const below = (s: MetricsSnapshot, i: number) =>
    s.successRate < (baseline[i]?.successRate ?? 1) - MITIGATED_WITHIN;
  const detectedAt = inSpan(signals);
  const localisedAt = inSpan((win) => actionNamesPlace(win.decision.selectedAction, truth.places));
  const classifiedAt = inSpan(
    (win, i) =>
      win.decision.pattern !== undefined && truth.patterns[i]!.has(win.decision.pattern as never),
  );
  const mitigatedAt = inSpan((win, i) => !below(win.snapshot, i) && below(doNothing[i]!, i));
  const recoveredAt =
    truth.clear === null
      ? null
      : firstWindow(
          truth.clear,
          script.windows,
          (i) => mitigationDebt(w[i]!.planeAfter, w[i]!.snapshot).debt < 1e-9,
        );
  const snapshots = w.map((win) => win.snapshot);
  const lost = paymentsLost(snapshots, baseline);
  const doNothingLost = paymentsLost(doNothing, baseline);
  const oracleLost = paymentsLost(refs.oracle, baseline);
  const last = w[w.length - 1]!;
  return parseContract(
    IncidentStageRowSchema,
    {
      scriptId: script.id,
      scriptLabel: script.label,
      policy,
      seed,
      windows: script.windows,
      faultStart: truth.start,
      faultClear: truth.clear,
      truth: truth.description,
      detectedAt,
      localisedAt,
      localisable: truth.places.length > 0,
      classifiedAt,
      mitigatedAt,
      recoveredAt,
      timeToDetect: since(detectedAt, truth.start),
      timeToMitigate: since(mitigatedAt, truth.start),
      timeToRecover: since(recoveredAt, truth.clear),
      paymentsLost: lost,
      lostVsDoNothing: lost - doNothingLost,
      lostVsOracle: lost - oracleLost,
      doNothingLost,
      oracleLost,
      mitigationDebt: mitigationDebt(last.planeAfter, last.snapshot).debt,
      falseAlarmWindows: w.slice(0, truth.start).filter(signals).length,
      actionsApplied: w.filter((win) => win.applied).length,
      actionsBlocked: w.filter((win) => win.blocked).length,
    },
    `staged row of ${policy} on ${script.id}`,
  );
}

/** What scoreIncidents runs: scripts, policies, the seed and the limits in force. */
export interface StagedOptions {
  scripts: readonly IncidentScript[];
  policies: readonly StagedPolicy[];
  /** Run seed of every script (default 1). */
  seed?: number;
  limits?: SafetyLimits;
  /** Hears each finished script, for progress. */
  onScript?: (done: number, total: number) => void;
}

/**
 * Scores every policy on every script, one row per pair in script order then policy order. The
 * references of a script are built once and shared by its policies, so they differ only by what
 * the policies did.
 */
export function scoreIncidents(options: StagedOptions): IncidentStageRow[] {
  const seed = options.seed ?? 1;
  const rows: IncidentStageRow[] = [];
  options.scripts.forEach((script, k) => {
    rows.push(...scoreScript(script, options.policies, seed, options.limits));
    options.onScript?.(k + 1, options.scripts.length);
  });
  return rows;
}

/** Scores every policy on one script (one unit of work, for a pool or a progress bar). */
export function scoreScript(
  script: IncidentScript,
  policies: readonly StagedPolicy[],
  seed = 1,
  limits?: SafetyLimits,
): IncidentStageRow[] {
  const refs = incidentReferences(script, seed);
  return policies.map((policy) => {
    const run = runIncident(
      { script, seed, baselines: refs.baseline, ...(limits ? { limits } : {}) },
      policy.factory,
    );
    return scoreRun(script, policy.id, seed, run, refs);
  });
}
