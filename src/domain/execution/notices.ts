/**
 * The paging log a policy is shown: which notifications went out in the windows it sees, so that
 * a human already told of a pattern is not paged again for it every window while it lasts.
 */
import {
  MAX_OBSERVED_NOTICES,
  MAX_OBSERVED_WINDOWS,
  NotificationChannelSchema,
  NotificationSeveritySchema,
  PatternTypeSchema,
  type Decision,
  type NoticeView,
} from '../../contracts';

/** The notice an executed decision sent in window `window` (with its severity), or null when none. */
export function noticeOf(decision: Decision, window: number): NoticeView | null {
  const action = decision.selectedAction;
  if (action.type !== 'send_notification') return null;
  const channel = NotificationChannelSchema.safeParse(action.parameters.channel);
  const pattern = PatternTypeSchema.safeParse(decision.pattern);
  if (!channel.success || !pattern.success) return null;
  const severity = NotificationSeveritySchema.safeParse(action.parameters.severity);
  return {
    pattern: pattern.data,
    channel: channel.data,
    ...(severity.success ? { severity: severity.data } : {}),
    window,
  };
}

/**
 * The notices sent from window `from` on, oldest first and at most MAX_OBSERVED_NOTICES: what
 * the windows shown still cover. A notice from a window after `to` (a clock that went back) is
 * another run's and is dropped.
 */
export function noticesInView(
  notices: readonly NoticeView[],
  from: number,
  to: number,
): NoticeView[] {
  return notices.filter((n) => n.window >= from && n.window <= to).slice(-MAX_OBSERVED_NOTICES);
}

/**
 * The paging log after an executed decision of window `window`: its notice added, if it sent one,
 * and only the notices the next windows shown can still cover kept.
 */
export function logNotice(
  log: readonly NoticeView[],
  decision: Decision,
  window: number,
): NoticeView[] {
  const notice = noticeOf(decision, window);
  if (notice === null) return [...log];
  return noticesInView([...log, notice], window - MAX_OBSERVED_WINDOWS, window);
}
