/**
 * Notifications are not repeated while the one a human already had is in view: an alert manager
 * holds a repeat back for an interval (unless the alert grew more urgent), and here the interval
 * is the windows the agent is shown.
 */
import { NotificationSeveritySchema, type PatternType } from '../../contracts';
import type { Draft, PlanInput } from './planner-types';

/** A severity's rank in the contract's order, least first; unsaid or unknown ranks as the least. */
function urgency(severity: unknown): number {
  const parsed = NotificationSeveritySchema.safeParse(severity);
  return parsed.success ? NotificationSeveritySchema.options.indexOf(parsed.data) : 0;
}

/** Whether a notification of `severity` says more than one sent as `sent`. */
function moreUrgent(severity: unknown, sent: string | undefined): boolean {
  return urgency(severity) > urgency(sent);
}

/**
 * The drafts without notifications a human already had in the windows shown (the same pattern to
 * the same channel, as urgent or more): paging again every window while a pattern lasts tells
 * nobody anything new, but a warning that turned critical does.
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
        ? notices.findLast(
            (n) =>
              n.pattern === d.pattern &&
              n.channel === channel &&
              !moreUrgent(d.draft.parameters.severity, n.severity),
          )
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
