/**
 * `npm run cycle -- --batch`: the agent, headless, on situations people write themselves. Each
 * JSON line's world is simulated for the current window and the few before it; the agent sees
 * only the Observation (windows, baseline, control plane, actions in force) and the guardrails
 * judge its decision. One JSON line comes out per line in; a bad line becomes an error line.
 */
import { readFileSync } from 'node:fs';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  INITIAL_WORLD_STATE,
  ReasoningResultSchema,
  WINDOW_DURATION_MS,
  formatZodError,
  parseContract,
  type ActiveActionView,
  type ControlPlane,
  type ReasoningResult,
  type SafetyCheck,
} from '../contracts';
import { CycleBatchLineSchema, type CycleBatchLine } from '../contracts/cycle-batch';
import {
  applyActive,
  approvalTier,
  assessDecision,
  buildObservation,
  type ActiveAction,
  type ApprovalTier,
} from '../domain/execution';
import { learningContext } from '../domain/learning';
import { reason } from '../domain/reasoning';
import { simulatePair, stepWindows, windowSeed } from '../domain/simulation';

/** Windows simulated before the current one when a line does not say. */
export const DEFAULT_WINDOWS_BEFORE = 3;

/** Past outcomes the agent's learning context summarises, as in the page. */
const RECENT_OUTCOMES = 20;

/** The guardrails' verdict on a batch line's decision. */
export interface BatchVerdict extends SafetyCheck {
  /** pre_approved: it would run; asks_human: only a human's approval is missing; blocked. */
  tier: ApprovalTier;
  /** The control plane the decision would put in force, when it would run. */
  resultingControlPlane: ControlPlane | null;
}

/** One output line: the agent's reasoning and the verdict, or why the input line was refused. */
export type BatchOutput =
  | { line: number; result: ReasoningResult; verdict: BatchVerdict }
  | { line: number; error: string };

/**
 * The actions in force as the executor needs them, from the views a line gives: applied in
 * order on the default plane (with the line's notifications count), each with a decision built
 * from its view.
 */
export function activeFromViews(
  views: readonly ActiveActionView[],
  plane: ControlPlane,
): ActiveAction[] {
  let before: ControlPlane = {
    ...DEFAULT_CONTROL_PLANE,
    notificationsSent: plane.notificationsSent,
  };
  return views.map((view) => {
    const active: ActiveAction = {
      action: view.action,
      pattern: view.pattern,
      planeBefore: before,
      appliedAt: view.appliedAt,
      recordId: view.recordId,
      decision: {
        selectedAction: view.action,
        rejectedActions: [],
        score: view.action.score ?? 0.5,
        requiresHumanApproval: false,
        approvalReasons: [],
        confidenceInDecision: 0.5,
        decidedAt: view.appliedAt,
        pattern: view.pattern,
      },
      ...(view.appliedWindow === undefined ? {} : { appliedWindow: view.appliedWindow }),
      ...(view.expiresAt === undefined ? {} : { expiresAt: view.expiresAt }),
      ...(view.expiresWindow === undefined ? {} : { expiresWindow: view.expiresWindow }),
    };
    try {
      before = applyActive(before, active);
    } catch {
      // An action that no longer applies on the rebuilt plane changes nothing further.
    }
    return active;
  });
}

/**
 * Runs the agent on one checked line at `now` (the current window's time): simulates the
 * windows (carrying the world from one to the next, seeds windowSeed(seed, t)) and the healthy
 * baseline, reasons on the Observation, and asks the guardrails.
 */
export function runBatchLine(
  line: CycleBatchLine,
  now: number,
): { result: ReasoningResult; verdict: BatchVerdict } {
  const before = line.windowsBefore ?? DEFAULT_WINDOWS_BEFORE;
  const runSeed = line.seed ?? line.scenario.seed;
  const windows = Array.from({ length: before + 1 }, (_, t) => ({
    scenario: { ...line.scenario, seed: windowSeed(runSeed, t) },
    controlPlane: line.controlPlane,
    timestamp: Math.max(0, now - (before - t) * WINDOW_DURATION_MS),
  }));
  const { snapshots } = stepWindows(INITIAL_WORLD_STATE, windows);
  const current = windows.at(-1) as (typeof windows)[number];
  // The healthy baseline of the current window, on the same plane, as the page computes it.
  const { baseline } = simulatePair(current.scenario, line.controlPlane, current.timestamp);
  const currentMetrics = snapshots.at(-1);
  if (!currentMetrics) throw new Error('The simulator answered no window.');
  const activeActions = activeFromViews(line.activeActions ?? [], line.controlPlane);
  const observation = buildObservation({
    windows: snapshots.map((metrics, t) => ({ window: t, metrics })),
    baselineMetrics: baseline,
    controlPlane: line.controlPlane,
    activeActions,
    notices: line.notices ?? [],
  });
  const result = parseContract(
    ReasoningResultSchema,
    reason({
      currentMetrics: observation.windows.at(-1)?.metrics ?? currentMetrics,
      baselineMetrics: observation.baselineMetrics,
      learningContext: learningContext(line.history ?? [], RECENT_OUTCOMES),
      config: DEFAULT_REASONING_CONFIG,
      limits: DEFAULT_SAFETY_LIMITS,
      now,
      observation,
    }),
    'result',
  );
  const assessment = assessDecision({
    decision: result.decision,
    controlPlane: line.controlPlane,
    activeActionCount: activeActions.length,
    activeActions,
    limits: DEFAULT_SAFETY_LIMITS,
  });
  const check = assessment.safetyCheck;
  return {
    result,
    verdict: {
      ...check,
      tier: approvalTier(check.violations),
      resultingControlPlane: assessment.resultingControlPlane,
    },
  };
}

/**
 * Parses and runs every line of a batch (blank lines skipped), in order: a line that is not JSON
 * or not the schema becomes an error line naming its number and field, and the others still run.
 */
export function runBatchText(text: string, now: number, source = 'the batch'): BatchOutput[] {
  const out: BatchOutput[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    const where = `${source} line ${line}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      out.push({ line, error: `${where} is not JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = CycleBatchLineSchema.safeParse(json);
    if (!parsed.success) {
      out.push({ line, error: `${where}: ${formatZodError(parsed.error)}` });
      return;
    }
    try {
      out.push({ line, ...runBatchLine(parsed.data, now) });
    } catch (error) {
      out.push({
        line,
        error: `${where}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });
  return out;
}

/** Reads a batch file, or standard input for `-`; throws with the reason when it cannot. */
export function readBatchSource(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
