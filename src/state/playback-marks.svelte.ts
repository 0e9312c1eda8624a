import type { RunMark } from '../contracts';
import { LAPSED_DETAIL, reportMarks } from '../domain/timeline';
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
  private seenReports = 0;
  private seenActive: readonly string[] = [];

  constructor(cycles: CycleRunner, live: LiveView) {
    this.cycles = cycles;
    this.live = live;
  }

  /** Starts a new run with `marks` (none, or a run file's), taking today's report as seen. */
  reset(marks: RunMark[] = []): void {
    this.marks = marks;
    this.seeing = false;
    this.seenReports = this.cycles.reportCount;
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
    const marks: RunMark[] = [];
    // Every report since the last look: an approval and the cycle after it both count.
    const unseen = Math.min(cycles.reportCount - this.seenReports, cycles.recentReports.length);
    for (const report of cycles.recentReports.slice(cycles.recentReports.length - unseen))
      marks.push(...reportMarks(window, report));
    this.seenReports = cycles.reportCount;
    const active = live.activeActions.map((a) => a.recordId);
    const gone = this.seenActive.filter((id) => !active.includes(id));
    // An action whose term ended went back to the plane before it: a lapse, no rollback.
    const lapses = cycles.recentLapses.filter((l) => gone.includes(l.recordId));
    const removed = gone.some((id) => !lapses.some((l) => l.recordId === id));
    // An unwind that brought the last of an action back removes it too: that is no rollback.
    const explained = marks.some((mark) => mark.kind === 'rolled_back' || mark.kind === 'unwound');
    for (const lapse of lapses)
      marks.push({ window, kind: 'unwound', detail: `${LAPSED_DETAIL} ${lapse.type}` });
    if (removed && !explained) {
      marks.push({ window, kind: 'rolled_back', detail: 'an action in force was removed' });
    }
    this.seenActive = active;
    this.addMarks(marks);
  }

  private addMarks(marks: RunMark[]): void {
    if (marks.length > 0) this.marks = [...this.marks, ...marks];
  }
}
