import type { RunMark } from '../contracts';
import { reportMarks } from '../domain/timeline';
import type { CycleRunner } from './cycle-runner.svelte';
import type { LiveView } from './live-view.svelte';

/**
 * The marks of a run: the first window of each stretch in which the agent sees anomalies, every
 * real action the executor reports (never a do-nothing cycle) and every action removed by hand.
 */
export class MarkRecorder {
  marks = $state.raw<RunMark[]>([]);
  private readonly cycles: CycleRunner;
  private readonly live: LiveView;
  private seeing = false;
  private seenReport: unknown = null;
  private seenActive: readonly string[] = [];

  constructor(cycles: CycleRunner, live: LiveView) {
    this.cycles = cycles;
    this.live = live;
  }

  /** Starts a new run with `marks` (none, or a run file's), taking today's report as seen. */
  reset(marks: RunMark[] = []): void {
    this.marks = marks;
    this.seeing = false;
    this.seenReport = this.cycles.lastReport;
    this.seenActive = this.live.activeActions.map((a) => a.recordId);
  }

  /** Marks the first window of each stretch in which the agent sees anomalies. */
  noteDetection(window: number, seeing: boolean): void {
    if (seeing && !this.seeing) this.addMarks([{ window, kind: 'detected', detail: 'anomalies' }]);
    this.seeing = seeing;
  }

  /** Marks what changed since the last look: a new execution report, an action removed by hand. */
  noteOutsideChanges(window: number): void {
    const { cycles, live } = this;
    const report = cycles.lastReport;
    const marks: RunMark[] = [];
    if (report && report !== this.seenReport) marks.push(...reportMarks(window, report));
    this.seenReport = report;
    const active = live.activeActions.map((a) => a.recordId);
    const removed = this.seenActive.some((id) => !active.includes(id));
    if (removed && !marks.some((mark) => mark.kind === 'rolled_back')) {
      marks.push({ window, kind: 'rolled_back', detail: 'an action in force was removed' });
    }
    this.seenActive = active;
    this.addMarks(marks);
  }

  private addMarks(marks: RunMark[]): void {
    if (marks.length > 0) this.marks = [...this.marks, ...marks];
  }
}
