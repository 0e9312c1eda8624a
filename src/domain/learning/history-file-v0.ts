import {
  ACTION_CATEGORY,
  ACTION_TYPES,
  Identifier,
  LearningRecordSchema,
  parseContract,
  PatternTypeSchema,
  type ActionOutcome,
  type ActionType,
  type LearningRecord,
} from '../../contracts';

/** The prototype's ids were `action_<type>_<timestamp>`. */
const PROTOTYPE_ACTION_ID = /^action_([a-z_]+?)_\d+$/;

/** The longest id a record may have (the contract's Identifier bound). */
const MAX_ID_LENGTH = Identifier.maxLength ?? 200;

/** 128-bit FNV-1a over the UTF-16 code units of `text`, as 32 hex digits. */
export function digest128(text: string): string {
  const prime = 0x0000000001000000000000000000013bn;
  const mask = (1n << 128n) - 1n;
  let hash = 0x6c62272e07bb014262b821756295c58dn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(32, '0');
}

/**
 * The id of a migrated v0 outcome, from its own fields: `v0-<executedAt>-<actionId>`. That is
 * one-to-one, so two different outcomes never share an id, and importing the same file twice adds
 * nothing the second time. Only an actionId too long to fit is replaced by its 128-bit digest.
 */
export function v0RecordId(outcome: ActionOutcome): string {
  const id = `v0-${outcome.executedAt}-${outcome.actionId}`;
  return id.length <= MAX_ID_LENGTH
    ? id
    : `v0-${outcome.executedAt}-#${digest128(outcome.actionId)}`;
}

/**
 * The action type of a v0 outcome: its own `actionType` when present, else read from the
 * prototype's ids.
 */
export function v0ActionType(outcome: ActionOutcome): ActionType | null {
  if (outcome.actionType) return outcome.actionType;
  const candidate = PROTOTYPE_ACTION_ID.exec(outcome.actionId)?.[1];
  return candidate && (ACTION_TYPES as readonly string[]).includes(candidate)
    ? (candidate as ActionType)
    : null;
}

/**
 * Migrates one v0 outcome to a v1 record: status `executed`, pattern from the outcome or `noise`,
 * a minimal Decision rebuilt from what the outcome knows (its estimate when it has one, otherwise
 * zeros; confidence 0 because the prototype did not keep it), recorded at executedAt, and the id
 * of v0RecordId.
 */
export function migrateV0Outcome(outcome: ActionOutcome, actionType: ActionType): LearningRecord {
  const pattern = outcome.pattern ?? 'noise';
  return parseContract(
    LearningRecordSchema,
    {
      id: v0RecordId(outcome),
      recordedAt: outcome.executedAt,
      status: 'executed',
      pattern: PatternTypeSchema.parse(pattern),
      actionType,
      decision: {
        selectedAction: {
          id: outcome.actionId,
          category: ACTION_CATEGORY[actionType],
          type: actionType,
          description: `${actionType} (migrated from a version 0 history)`,
          parameters: {},
          estimatedImpact: outcome.estimatedImpact ?? {
            successRateChange: 0,
            latencyImpact: 0,
            costImpact: 0,
            riskLevel: 0,
          },
          prerequisites: [],
          reversible: true,
        },
        rejectedActions: [],
        score: 0,
        requiresHumanApproval: false,
        approvalReasons: [],
        confidenceInDecision: 0,
        decidedAt: outcome.executedAt,
        pattern,
      },
      outcome: { ...outcome, actionType, pattern },
      note: 'Migrated from a version 0 learning history (the prototype learning store).',
    },
    'migrated learning record',
  );
}
