import type { RunMark } from '../../contracts';
import { RENEWED_NOTE } from '../execution/lifecycle';

/** How an unwound mark's detail starts when the action lapsed at the end of its term. */
export const LAPSED_DETAIL = 'lapsed:';

/** Whether a mark is a lapse: an action nobody renewed went back at the end of its term. */
export function isLapse(mark: RunMark): boolean {
  return mark.kind === 'unwound' && mark.detail.startsWith(LAPSED_DETAIL);
}

/** Whether a mark is a notification: it tells a human, it changes nothing in the traffic. */
export function isNotification(mark: RunMark): boolean {
  return mark.kind === 'executed' && mark.detail.startsWith('send_notification');
}

/**
 * The first window at or after `from` in which the plane changed to mitigate: an execution or
 * an unwind, never a notification (it puts a human on it) or a lapse (the term ran out).
 */
export function firstMitigation(marks: readonly RunMark[], from: number | null): number | null {
  const changes = marks.filter((mark) => !isNotification(mark) && !isLapse(mark));
  return firstMark(changes, ['executed', 'unwound'], from);
}

/** What a mark needs from an execution report: whether it ran, rolled back, and its action. */
export interface ReportView {
  result: { executed: boolean; outcome?: { rollbackTriggered: boolean } };
  record: { actionType: string; note?: string } | null;
}

/**
 * The marks one execution report puts on the timeline at `window`: none for a blocked decision
 * or a do-nothing cycle (idle cycles tell no story), "rolled back" when the judge undid it,
 * "unwound" for an unwind, "executed" otherwise (its detail says "renewed" when it only renewed
 * an action in force, which moved nothing).
 */
export function reportMarks(window: number, report: ReportView): RunMark[] {
  const type = report.record?.actionType ?? 'unknown';
  if (!report.result.executed || type === 'do_nothing') return [];
  if (report.result.outcome?.rollbackTriggered) {
    return [{ window, kind: 'rolled_back', detail: `${type} rolled back by the judge` }];
  }
  if (type === 'unwind_action') return [{ window, kind: 'unwound', detail: type }];
  const renewed = report.record?.note?.startsWith(RENEWED_NOTE) === true;
  return [{ window, kind: 'executed', detail: renewed ? `${type} renewed` : type }];
}

/** The first window at or after `from` that carries a mark of one of `kinds`, or null. */
export function firstMark(
  marks: readonly RunMark[],
  kinds: readonly RunMark['kind'][],
  from: number | null,
): number | null {
  if (from === null) return null;
  let first: number | null = null;
  for (const mark of marks) {
    if (
      mark.window >= from &&
      kinds.includes(mark.kind) &&
      (first === null || mark.window < first)
    ) {
      first = mark.window;
    }
  }
  return first;
}
