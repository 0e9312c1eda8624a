import type { ActionType, Decision, MetricsSnapshot, Scenario, Violation } from '../contracts';
import { effectiveLimits, lapseExpired } from '../domain/execution';
import {
  executeDecision,
  rollbackAction,
  type ExecuteReport,
  type ExecutorDeps,
} from '../services/executor';
import { approvedShareBounds, withApprovedShare } from './approved-share';
import type { ControlQueue } from './control-queue.svelte';
import type { LabSettings, LiveView } from './live-view.svelte';
import { messageOf, type Clock, type HistoryPort, type SimulatorPort } from './ports';

/** One cycle on the time-series chart. */
export interface CyclePoint {
  cycle: number;
  successRate: number;
  p99: number;
  action: ActionType;
  /** The action changed the control plane and stayed. */
  executed: boolean;
  rolledBack: boolean;
  blocked: boolean;
}

/** A decision waiting for a human. */
export interface PendingApproval {
  decision: Decision;
  reasons: string[];
  violations: Violation[];
  /** The live window the decision was made on. */
  current: MetricsSnapshot;
  scenario: Scenario;
  /** The cycle (window) it was decided in; a newer one supersedes it. */
  window?: number;
  /** The window the agent looked at: the clock's when the clock runs, else the cycle's. */
  seenWindow?: number;
  /** The seed the decision's exploration drew from; undefined when it did not explore. */
  explorationSeed?: number;
}

/** How a cycle ended, so the autopilot knows whether to go on. */
export type CycleEnd = 'done' | 'needs-approval' | 'failed';

/** What the cycle runner needs from the outside. */
export interface CycleRunnerDeps {
  live: LiveView;
  queue: ControlQueue;
  simulator: Pick<SimulatorPort, 'simulateMany'>;
  history: Pick<HistoryPort, 'add'>;
  settings: Pick<LabSettings, 'limits'>;
  clock: Clock;
  alert: (message: string) => void;
  /** Keeps the session after every change; awaited inside the queued change. */
  persist: () => Promise<void>;
}

/** How many recent changes of the plane the runner keeps for those that read them between windows. */
export const CHANGES_KEPT = 20;

/**
 * A change the runner made to the plane: an executed report, an action that lapsed at the end of
 * its term (its type), or a rollback by hand. Every change of the actions in force in a run is
 * one of these.
 */
export type PlaneChange =
  | { kind: 'report'; report: ExecuteReport }
  | { kind: 'lapse'; type: string }
  | { kind: 'rollback' };

/**
 * Runs cycles, answers approvals and rolls actions back. Each of these changes the control plane,
 * so each runs as one job of the control queue and reads the plane only once its turn has come.
 */
export class CycleRunner {
  series = $state.raw<CyclePoint[]>([]);
  lastReport = $state.raw<ExecuteReport | null>(null);
  /**
   * The last CHANGES_KEPT changes of the plane, oldest first, and how many there have been:
   * several can come between two windows (an approval, then the cycle that follows it), and the
   * timeline marks each, not only the last.
   */
  recentChanges = $state.raw<PlaneChange[]>([]);
  changeCount = $state(0);
  pending = $state.raw<PendingApproval | null>(null);
  private readonly deps: CycleRunnerDeps;

  constructor(deps: CycleRunnerDeps) {
    this.deps = deps;
  }

  /** True while a change of the control plane is running or waiting. */
  get busy(): boolean {
    return this.deps.queue.busy;
  }

  /** Runs one cycle: the current decision goes through the guardrails and, if allowed, executes. */
  runCycle(): Promise<CycleEnd> {
    return this.deps.queue.run(async () => {
      if (this.pending) return 'needs-approval';
      const { live } = this.deps;
      try {
        await live.settled();
        const reasoning = live.reasoning;
        const current = live.current;
        if (!reasoning || !current) throw new Error('There is no live window to act on yet.');
        const scenario = live.liveScenario;
        const explorationSeed = live.explorationSeed;
        // Terms run in the clock's windows, the ones the agent sees, when the clock runs.
        const next = live.nextClockWindow;
        const report = await executeDecision(
          {
            decision: reasoning.decision,
            baselineMetrics: current,
            scenario,
            controlPlane: live.controlPlane,
            activeActions: live.activeActions,
            limits: this.deps.settings.limits,
            cycle: live.cycle + 1,
            ...(next === null ? {} : { window: next }),
            deferApproval: true,
            ...(explorationSeed === undefined ? {} : { explorationSeed }),
          },
          this.executorDeps(),
        );
        this.finishCycle(report, reasoning.decision, current, scenario, explorationSeed);
        await this.lapseExpired(next);
        await this.deps.persist();
        return this.pending ? 'needs-approval' : 'done';
      } catch (error) {
        this.deps.alert(messageOf(error));
        return 'failed';
      }
    });
  }

  /**
   * Approves the pending decision, at a smaller share of traffic when `share` is given (within
   * approvedShareBounds); hard limits still apply.
   */
  approve(share?: number): Promise<void> {
    return this.answer(true, share);
  }

  /** Rejects the pending decision; it is stored as rejected. */
  reject(): Promise<void> {
    return this.answer(false);
  }

  /** Rolls one active action back by hand (irreversible ones only with `approved`). */
  rollback(actionId: string, approved = false): Promise<void> {
    return this.deps.queue.run(async () => {
      const { live } = this.deps;
      try {
        const report = await rollbackAction(
          actionId,
          {
            activeActions: live.activeActions,
            approved,
            cycle: live.cycle,
            options: { probeShare: effectiveLimits(this.deps.settings.limits).probeShare },
          },
          this.executorDeps(),
        );
        live.applyPlane(report.controlPlane, report.activeActions);
        this.noteChanges([{ kind: 'rollback' }]);
        if (report.dropped.length > 0) {
          this.deps.alert(
            `${report.dropped.length} later action(s) could not be re-applied without it and were dropped.`,
          );
        }
        await this.deps.persist();
      } catch (error) {
        this.deps.alert(messageOf(error));
      }
    });
  }

  /** Puts back a decision that was waiting for a human when the session was kept. */
  restorePending(pending: PendingApproval | null): void {
    this.pending = pending;
  }

  private answer(approved: boolean, share?: number): Promise<void> {
    return this.deps.queue.run(async () => {
      // Read at the job's turn: an earlier job may have answered or changed the plane meanwhile.
      const pending = this.pending;
      if (!pending) return;
      const { live, clock } = this.deps;
      try {
        const decision = share === undefined ? pending.decision : this.smaller(pending, share);
        const report = await executeDecision(
          {
            decision,
            baselineMetrics: pending.current,
            scenario: pending.scenario,
            controlPlane: live.controlPlane,
            activeActions: live.activeActions,
            limits: this.deps.settings.limits,
            cycle: live.cycle,
            ...(live.nextClockWindow === null ? {} : { window: live.nextClockWindow }),
            humanApproval: { approved, at: clock.now(), by: 'lab user' },
            ...(pending.explorationSeed === undefined
              ? {}
              : { explorationSeed: pending.explorationSeed }),
          },
          this.executorDeps(),
        );
        this.pending = null;
        this.applyReport(report);
        const last = this.series.at(-1);
        if (last) this.series = [...this.series.slice(0, -1), pointFor(last, report)];
        await this.deps.persist();
      } catch (error) {
        this.deps.alert(messageOf(error));
      }
    });
  }

  /** The pending decision at the share the approver chose; refused outside the bounds. */
  private smaller(pending: PendingApproval, share: number): Decision {
    const action = pending.decision.selectedAction;
    const bounds = approvedShareBounds(action, this.deps.settings.limits);
    if (!bounds) throw new RangeError(`${action.type} has no share of traffic to approve in part`);
    return withApprovedShare(pending.decision, share, bounds);
  }

  private finishCycle(
    report: ExecuteReport,
    decision: Decision,
    current: MetricsSnapshot,
    scenario: Scenario,
    explorationSeed: number | undefined,
  ): void {
    const { live } = this.deps;
    live.cycle += 1;
    const point: CyclePoint = {
      cycle: live.cycle,
      successRate: current.successRate,
      p99: current.latency.p99,
      action: decision.selectedAction.type,
      executed: false,
      rolledBack: false,
      blocked: false,
    };
    this.series = [...this.series, pointFor(point, report)];
    if (!report.result.executed && report.approvable) {
      this.pending = {
        decision,
        reasons: decision.approvalReasons,
        violations: report.result.safetyCheck.violations,
        current,
        scenario,
        window: live.cycle,
        seenWindow: live.seenWindow,
        ...(explorationSeed === undefined ? {} : { explorationSeed }),
      };
      // The pending box stands for this decision; the last outcome stays the last real one.
      live.refresh();
      return;
    }
    this.applyReport(report);
  }

  /**
   * Lets the actions whose term ended by this window lapse back to the plane before them (each
   * stored as an expiry), so a fix nobody renews does not stay forever. `next` is the clock's
   * window the plane now leads into, or null when terms run by cycles.
   */
  private async lapseExpired(next: number | null): Promise<void> {
    const { live, clock, history } = this.deps;
    const lapse = lapseExpired(
      {
        controlPlane: live.controlPlane,
        activeActions: live.activeActions,
        cycle: live.cycle,
        options: { probeShare: effectiveLimits(this.deps.settings.limits).probeShare },
      },
      { now: clock.now(), window: next ?? live.cycle },
    );
    if (lapse.lapsed.length === 0) return;
    for (const record of lapse.records) await history.add(record);
    live.applyPlane(lapse.controlPlane, lapse.activeActions);
    this.noteChanges(lapse.lapsed.map((a) => ({ kind: 'lapse', type: a.action.type })));
  }

  private noteChanges(changes: readonly PlaneChange[]): void {
    this.recentChanges = [...this.recentChanges, ...changes].slice(-CHANGES_KEPT);
    this.changeCount += changes.length;
  }

  private applyReport(report: ExecuteReport): void {
    this.lastReport = report;
    this.noteChanges([{ kind: 'report', report }]);
    // A notification sent goes in the paging log the agent sees, so it does not page again.
    if (report.result.executed && report.record) this.deps.live.noteNotice(report.record.decision);
    this.deps.live.applyPlane(report.controlPlane, report.activeActions);
  }

  private executorDeps(): ExecutorDeps {
    const { simulator, history, clock } = this.deps;
    return {
      simulateMany: (requests) => simulator.simulateMany(requests),
      record: (record) => history.add(record),
      now: () => clock.now(),
      elapsed: () => clock.elapsed(),
    };
  }
}

function pointFor(base: CyclePoint, report: ExecuteReport): CyclePoint {
  const outcome = report.result.outcome;
  return {
    ...base,
    executed: report.result.executed && !(outcome?.rollbackTriggered ?? false),
    rolledBack: outcome?.rollbackTriggered ?? false,
    blocked: !report.result.executed,
  };
}
