import {
  type ControlPlane,
  type RunAction,
  type RunConclusion,
  type RunFile,
  type RunMark,
} from '../contracts';
import { runFileOf, type RunClock } from '../domain/timeline';
import type { CycleRunner } from './cycle-runner.svelte';
import { MarkRecorder } from './playback-marks.svelte';

/**
 * The record of a run a run file is written from: the plane it started on, every change of the
 * plane with its window, the agent's conclusion on each window, and the marks.
 */
export class RunLog {
  readonly recorder: MarkRecorder;
  private initialPlane: ControlPlane | null = null;
  private planeInForce: ControlPlane | null = null;
  private actions: RunAction[] = [];
  private conclusions: RunConclusion[] = [];
  private readonly cycles: CycleRunner;
  /** The execution report seen when the last window was logged. */
  private seenReport: unknown = null;

  constructor(cycles: CycleRunner) {
    this.cycles = cycles;
    this.recorder = new MarkRecorder(cycles);
  }

  /** Starts an empty log, or one carried on from a reopened run file and its last plane. */
  reset(run?: RunFile, lastPlane?: ControlPlane): void {
    this.initialPlane = run?.initialPlane ?? null;
    this.planeInForce = lastPlane ?? null;
    this.actions = run ? [...run.actions] : [];
    this.conclusions = run ? [...(run.conclusions ?? [])] : [];
    this.recorder.reset(run ? [...run.marks] : []);
    this.seenReport = this.cycles.lastReport;
  }

  /** Records the plane of window 0 and every later change with the window it took effect. */
  notePlane(window: number, plane: ControlPlane): void {
    if (!this.initialPlane) this.initialPlane = plane;
    else if (this.planeInForce && JSON.stringify(this.planeInForce) !== JSON.stringify(plane)) {
      this.actions = [...this.actions, { window, controlPlane: plane }];
    }
    this.planeInForce = plane;
  }

  /** Keeps what the agent concluded on a window; the report then is taken as seen. */
  noteConclusion(conclusion: RunConclusion | null): void {
    if (conclusion) this.conclusions = [...this.conclusions, conclusion];
    this.seenReport = this.cycles.lastReport;
  }

  /**
   * A decision of the last window that waited for a human and was approved between windows was
   * carried out after all: its conclusion says so. Returns the conclusion changed, or null.
   */
  noteApprovalSince(): RunConclusion | null {
    const report = this.cycles.lastReport;
    if (!report || report === this.seenReport) return null;
    this.seenReport = report;
    const last = this.conclusions.at(-1);
    if (!last || last.verdict !== 'needs_approval' || !report.result.executed) return null;
    if (report.record?.actionType !== last.action) return null;
    const approved: RunConclusion = { ...last, executed: true };
    this.conclusions = [...this.conclusions.slice(0, -1), approved];
    return approved;
  }

  /** The marks of the run so far. */
  get marks(): RunMark[] {
    return this.recorder.marks;
  }

  /** The run file of `windows` windows played on `clock`; null before the first window. */
  toFile(clock: RunClock | null, windows: number): RunFile | null {
    if (!clock || windows === 0 || !this.initialPlane) return null;
    return runFileOf(clock, windows, this.initialPlane, {
      actions: this.actions,
      marks: this.recorder.marks,
      conclusions: this.conclusions,
    });
  }
}
