/** Rolling an active action back by hand, free of effects: the caller stores the record. */
import type { ControlPlane, LearningRecord } from '../../contracts';
import type { ApplyOptions } from './actions';
import { applyActive, type ActiveAction } from './active-action';
import { buildRecord } from './executor-core';

/** The live state after rolling one active action back by hand. */
export interface RollbackReport {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  record: LearningRecord;
  /** Later actions that could no longer be applied once this one was gone, and were dropped. */
  dropped: ActiveAction[];
}

/**
 * Plans a hand rollback: the control plane is rebuilt from the plane before the action,
 * re-applying the actions taken after it; one that no longer applies is dropped. An action marked
 * irreversible needs an approval. Throws when there is no such action or no approval.
 */
export function planRollback(
  actionId: string,
  input: {
    activeActions: readonly ActiveAction[];
    approved: boolean;
    cycle?: number;
    /** The lifecycle settings the later actions are re-applied with (probe share). */
    options?: ApplyOptions;
  },
  now: number,
): RollbackReport {
  const index = input.activeActions.findIndex((a) => a.action.id === actionId);
  const target = input.activeActions[index];
  if (!target) throw new Error(`No active action ${actionId} to roll back.`);
  if (!target.action.reversible && !input.approved) {
    throw new Error(
      `${target.action.type} is marked irreversible: rolling it back needs an approval.`,
    );
  }
  let plane = target.planeBefore;
  const kept: ActiveAction[] = input.activeActions.slice(0, index);
  const dropped: ActiveAction[] = [];
  for (const later of input.activeActions.slice(index + 1)) {
    try {
      const before = plane;
      plane = applyActive(plane, later, input.options ?? {});
      kept.push({ ...later, planeBefore: before });
    } catch {
      dropped.push(later);
    }
  }
  const record = buildRecord(target.decision, {
    id: `${target.recordId}-rollback-${now}`,
    recordedAt: now,
    status: 'rolled_back',
    cycle: input.cycle,
    note: `Rolled back by hand${dropped.length > 0 ? `; ${dropped.length} later action(s) no longer applied and were dropped` : ''}.`,
  });
  return { controlPlane: plane, activeActions: kept, record, dropped };
}
