import { z } from 'zod';
import { EpochMillis, Identifier, Text } from './common';
import { ActionTypeSchema, DecisionSchema } from './decision';
import { ActionOutcomeSchema, SafetyCheckSchema } from './execution';
import { PatternTypeSchema } from './reasoning';
import { ControlPlaneSchema, ScenarioSchema } from './world';
import { WorkspaceRefSchema, type WorkspaceRef } from './workspace';

/** What became of a decision; `expired`: a newer window superseded it before anyone approved it. */
export const RecordStatusSchema = z.enum([
  'executed',
  'blocked',
  'rejected',
  'rolled_back',
  'expired',
]);
export type RecordStatus = z.infer<typeof RecordStatusSchema>;

/** The longest file name an origin keeps; longer names are cut. */
export const ORIGIN_FILE_NAME_MAX = 200;

/**
 * Where a record that is not the agent's own came from. Only imports mark records: the time of
 * the first import, the workspace the file was exported from (when the file names one) and the
 * file's name (when known). A record carries no origin when it is the agent's own experience.
 */
export const RecordOriginSchema = z.object({
  kind: z.literal('imported'),
  importedAt: EpochMillis,
  workspace: WorkspaceRefSchema.optional(),
  file: z.string().min(1).max(ORIGIN_FILE_NAME_MAX).optional(),
});
export type RecordOrigin = z.infer<typeof RecordOriginSchema>;

/**
 * The inputs of the cycle that produced a record: the scenario its window was simulated on (seed
 * and volume included) and the control plane in force, so a replay simulates the same window
 * instead of rebuilding it. Records from before this field carry none.
 */
export const RecordInputsSchema = z.object({
  scenario: ScenarioSchema,
  controlPlane: ControlPlaneSchema,
  /**
   * The seed of the decision's exploration draws, so a replay draws the same; absent when the
   * cycle did not explore (exploration off, or a record from before records kept it).
   */
  explorationSeed: z.number().int().min(0).max(0xffff_ffff).optional(),
});
export type RecordInputs = z.infer<typeof RecordInputsSchema>;

/** One audit record: a decision, what the guardrails and the human said, and its outcome. */
export const LearningRecordSchema = z
  .object({
    id: Identifier,
    recordedAt: EpochMillis,
    status: RecordStatusSchema,
    pattern: PatternTypeSchema,
    actionType: ActionTypeSchema,
    decision: DecisionSchema,
    safetyCheck: SafetyCheckSchema.optional(),
    outcome: ActionOutcomeSchema.optional(),
    /** Cycle number within the session that produced it. */
    cycle: z.number().int().nonnegative().optional(),
    scenarioId: Identifier.optional(),
    note: Text.optional(),
    /** Absent: the agent's own experience; set: foreign experience, weighted below its own. */
    origin: RecordOriginSchema.optional(),
    /** What the cycle ran on; absent on records written before records kept it. */
    inputs: RecordInputsSchema.optional(),
  })
  .refine((r) => r.status !== 'executed' || r.outcome !== undefined, {
    message: 'an executed record must carry its outcome',
    path: ['outcome'],
  });
export type LearningRecord = z.infer<typeof LearningRecordSchema>;

/** The export file's format tag. */
export const LEARNING_HISTORY_FORMAT = 'agent-payment-lab/learning-history';

/** The export format version this build writes. */
export const LEARNING_HISTORY_VERSION = 1;

/** Just enough of an export file to tell its format and version before parsing the rest. */
export const LearningHistoryHeaderSchema = z.object({
  format: z.literal(LEARNING_HISTORY_FORMAT),
  version: z.number().int().min(0),
});

/** The exported learning history, version 1. */
export const LearningHistorySchema = z.object({
  format: z.literal(LEARNING_HISTORY_FORMAT),
  version: z.literal(LEARNING_HISTORY_VERSION),
  exportedAt: EpochMillis,
  /** The workspace the file was exported from; files from before workspaces have none. */
  workspace: WorkspaceRefSchema.optional(),
  records: z.array(LearningRecordSchema).max(1_000_000),
});
export type LearningHistory = z.infer<typeof LearningHistorySchema>;

/** What the history worker found in an import file; the records follow in chunks. */
export type HistoryReadSummary =
  | {
      ok: true;
      /** How many records (each id once) are ready to be taken. */
      count: number;
      exportedAt: number;
      workspace?: WorkspaceRef;
      migratedFrom?: number;
      /** Repeats (same id, same contents) merged into one. */
      merged: number;
      /** What reading changed or dropped, one short sentence each. */
      changes: string[];
      /** Records of the file that are foreign experience here (marked now or before). */
      foreign: number;
    }
  | { ok: false; message: string };

/** How the records of a file being imported are marked as foreign experience. */
export interface ImportMarking {
  /** When the import happens. */
  importedAt: number;
  /** The file's name, when the caller knows it better than the file does. */
  fileName?: string;
}

/** What the history worker reads a file from: a Blob, typed structurally so contracts need no DOM. */
export interface BinarySource {
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The history worker: reads and validates import files off the main thread. */
export interface HistoryWorkerApi {
  /**
   * Decodes, parses and validates a history file, keeping its records for `take`; with `marking`
   * the records are marked as imported (see markImported).
   */
  read(file: BinarySource, marking?: ImportMarking): Promise<HistoryReadSummary>;
  /** Records [start, start + count) of the file read last. */
  take(start: number, count: number): LearningRecord[];
}
