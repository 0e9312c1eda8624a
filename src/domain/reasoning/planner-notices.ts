/**
 * Notifications are not repeated while the one a human already had is in view: an alert manager
 * holds a repeat back for an interval, and here the interval is the windows the agent is shown.
 */
import type { PatternType } from '../../contracts';
import type { Draft, PlanInput } from './planner-types';

/**
 * The drafts without notifications a human already had in the windows shown (the same pattern to
 * the same channel): paging again every window while a pattern lasts tells nobody anything new.
 * Waiting then says who was told, and when.
 */
export function withoutRepeatedNotices<T extends { draft: Draft; pattern: PatternType }>(
  drafted: readonly T[],
  input: PlanInput,
): T[] {
  const notices = input.notices ?? [];
  if (notices.length === 0) return [...drafted];
  const kept: T[] = [];
  const said: string[] = [];
  for (const d of drafted) {
    const channel = d.draft.parameters.channel;
    const sent =
      d.draft.type === 'send_notification'
        ? notices.findLast((n) => n.pattern === d.pattern && n.channel === channel)
        : undefined;
    if (sent === undefined) kept.push(d);
    else
      said.push(
        `${String(channel).replace('_', ' ')} told of ${d.pattern} in window ${sent.window}`,
      );
  }
  const note = [...new Set(said)].join('; ');
  if (note !== '')
    for (const { draft } of kept) if (draft.type === 'do_nothing') draft.rationale += `; ${note}`;
  return kept;
}
