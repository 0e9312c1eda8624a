import { PatternTypeSchema, type LearningRecord } from '../contracts';
import type { ControlQueue } from './control-queue.svelte';
import type { CycleRunner, PendingApproval } from './cycle-runner.svelte';
import { messageOf, type Clock, type HistoryPort } from './ports';

/** What the approval expiry needs. */
export interface ApprovalExpiryDeps {
  queue: ControlQueue;
  runner: Pick<CycleRunner, 'pending' | 'restorePending'>;
  history: Pick<HistoryPort, 'add'>;
  clock: Clock;
  alert: (message: string) => void;
  /** Keeps the session once the approval is gone, so a reload does not bring it back. */
  persist: () => Promise<void>;
}

/** The audit record of an approval nobody answered before its window was superseded. */
export function expiredRecord(pending: PendingApproval, now: number, why: string): LearningRecord {
  const decision = pending.decision;
  const pattern = PatternTypeSchema.safeParse(decision.pattern);
  const at = Math.max(0, Math.round(now));
  return {
    id: `${decision.selectedAction.id}@${at}:expired`,
    recordedAt: at,
    status: 'expired',
    pattern: pattern.success ? pattern.data : 'noise',
    actionType: decision.selectedAction.type,
    decision,
    ...(pending.window === undefined ? {} : { cycle: pending.window }),
    note: `Expired before anyone answered: ${why}.`,
  };
}

/**
 * Expires a decision waiting for approval once a newer window supersedes the one it was decided
 * on: approving it afterwards would act on a world it was not made for. The expired approval is
 * written to the history as such, and the page says what happened.
 */
export class ApprovalExpiry {
  /** The last expiry, for the decision panel; cleared by the next approval asked for. */
  notice = $state<string | null>(null);
  private readonly deps: ApprovalExpiryDeps;

  constructor(deps: ApprovalExpiryDeps) {
    this.deps = deps;
  }

  /** Expires the pending approval because `why` (e.g. "the scenario changed"). */
  supersede(why: string): Promise<void> {
    return this.deps.queue.run(async () => {
      // Read at the job's turn: an approval or rejection queued before may have answered it.
      const pending = this.deps.runner.pending;
      if (!pending) return;
      this.deps.runner.restorePending(null);
      const type = pending.decision.selectedAction.type;
      const seen = pending.seenWindow ?? pending.window;
      const window = seen === undefined ? '' : ` of window ${seen}`;
      this.notice = `The approval of ${type}${window} expired: ${why}. It is stored in the history as expired.`;
      try {
        await this.deps.history.add(expiredRecord(pending, this.deps.clock.now(), why));
      } catch (error) {
        this.deps.alert(`The expired approval could not be recorded: ${messageOf(error)}`);
      }
      await this.deps.persist();
    });
  }

  /** Expires the pending approval when the live window has moved past the one it was decided on. */
  windowAdvanced(cycle: number): Promise<void> {
    const pending = this.deps.runner.pending;
    if (!pending || pending.window === undefined || cycle <= pending.window) {
      return Promise.resolve();
    }
    return this.supersede(`window ${cycle} superseded it`);
  }

  /** Clears the notice (a new approval is asked for, or the user put it away). */
  dismiss(): void {
    this.notice = null;
  }
}
