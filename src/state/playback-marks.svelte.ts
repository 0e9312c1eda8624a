import type { RunMark } from '../contracts';
import { LAPSED_DETAIL, reportMarks } from '../domain/timeline';
import type { CycleRunner, PlaneChange } from './cycle-runner.svelte';

/** The marks one change of the plane puts on the timeline at `window`. */
function changeMarks(window: number, change: PlaneChange): RunMark[] {
  switch (change.kind) {
    case 'report':
      return reportMarks(window, change.report);
    // The action went back to the plane before it because its term ended: a lapse, no rollback.
    case 'lapse':
      return [{ window, kind: 'unwound', detail: `${LAPSED_DETAIL} ${change.type}` }];
    case 'rollback':
      return [{ window, kind: 'rolled_back', detail: 'an action in force was removed' }];
  }
}

/**
 * The marks of a run: the first window of each stretch in which the agent sees anomalies, and
 * every change of the plane the cycle runner made (never a do-nothing cycle): executions,
 * unwinds, lapses and rollbacks by hand.
 */
export class MarkRecorder {
  marks = $state.raw<RunMark[]>([]);
  private readonly cycles: CycleRunner;
  private seeing = false;
  private seenChanges = 0;

  constructor(cycles: CycleRunner) {
    this.cycles = cycles;
  }

  /** Starts a new run with `marks` (none, or a run file's), taking the changes so far as seen. */
  reset(marks: RunMark[] = []): void {
    this.marks = marks;
    this.seeing = false;
    this.seenChanges = this.cycles.changeCount;
  }

  /** Takes up a reopened run in or out of a stretch of anomalies, marking nothing. */
  goOnSeeing(seeing: boolean): void {
    this.seeing = seeing;
  }

  /** Marks the first window of each stretch in which the agent sees anomalies. */
  noteDetection(window: number, seeing: boolean): void {
    if (seeing && !this.seeing) this.addMarks([{ window, kind: 'detected', detail: 'anomalies' }]);
    this.seeing = seeing;
  }

  /** Marks every change of the plane since the last look: an approval and the cycle after it both count. */
  noteOutsideChanges(window: number): void {
    const { recentChanges, changeCount } = this.cycles;
    const unseen = Math.min(changeCount - this.seenChanges, recentChanges.length);
    this.seenChanges = changeCount;
    this.addMarks(
      recentChanges.slice(recentChanges.length - unseen).flatMap((c) => changeMarks(window, c)),
    );
  }

  private addMarks(marks: RunMark[]): void {
    if (marks.length > 0) this.marks = [...this.marks, ...marks];
  }
}
