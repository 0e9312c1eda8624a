/**
 * The executor in the page: the domain's executor core with the simulator worker and the learning
 * store plugged in. Every decision, executed or not, is stored as an audit record.
 */
import type { LearningRecord, MetricsSnapshot, SimulationRequest } from '../contracts';
import {
  completeExecution,
  planExecution,
  planRollback,
  type ActiveAction,
  type ExecuteInput,
  type ExecuteReport,
  type RollbackReport,
} from '../domain/execution';

export { nextWindowSeed } from '../domain/execution';
export type { ActiveAction, ExecuteInput, ExecuteReport, RollbackReport };

/** What the executor needs from the outside world; injected so Node tests can run it directly. */
export interface ExecutorDeps {
  /** Simulates windows (the simulator worker in the page, the domain model in tests). */
  simulateMany(requests: SimulationRequest[]): Promise<MetricsSnapshot[]>;
  /** Stores one audit record. */
  record(record: LearningRecord): Promise<void>;
  /** Wall-clock time in ms since the epoch, stamped on outcomes and records. */
  now(): number;
  /** A monotonic clock in ms for executionTimeMs. */
  elapsed(): number;
}

/**
 * Runs one decision through the guardrails and, when approved, carries it out in simulation: the
 * same window with and without the action (a paired counterfactual on one seed), plus the next live
 * window for a canary verdict against the previous one. An action that made things significantly
 * worse is rolled back at once. Every decision, executed or not, is stored as an audit record.
 */
export async function executeDecision(
  input: ExecuteInput,
  deps: ExecutorDeps,
): Promise<ExecuteReport> {
  const started = deps.elapsed();
  const plan = planExecution(input, deps.now());
  const windows = plan.requests.length > 0 ? await deps.simulateMany(plan.requests) : [];
  const report = completeExecution(plan, windows, deps.elapsed() - started);
  if (report.record) await deps.record(report.record);
  return report;
}

/**
 * Rolls one active action back by hand: the control plane is rebuilt from the plane before it,
 * re-applying the actions taken after it. An action marked irreversible needs an approval.
 */
export async function rollbackAction(
  actionId: string,
  input: Parameters<typeof planRollback>[1],
  deps: Pick<ExecutorDeps, 'record' | 'now'>,
): Promise<RollbackReport> {
  const report = planRollback(actionId, input, deps.now());
  await deps.record(report.record);
  return report;
}
