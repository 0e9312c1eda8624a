import { z } from 'zod';
import { Count, EpochMillis, checkContract, type ParseResult } from './common';
import { ActionTypeSchema } from './decision';
import { PatternTypeSchema } from './pattern-type';
import { IncidentScriptSchema, MAX_SCRIPT_WINDOWS, refineActionWindows } from './script';
import { ControlPlaneSchema } from './world';

/** What a run file says it is, so another JSON file is refused by name. */
export const RUN_FILE_FORMAT = 'agent-payment-lab-run';

/** The kinds of moment the timeline marks; `recovered` is computed from the figures, not stored. */
export const RUN_MARK_KINDS = ['detected', 'executed', 'rolled_back', 'unwound'] as const;

/** A recorded moment of the run: what happened at which window, e.g. "executed shift_traffic". */
export const RunMarkSchema = z.strictObject({
  window: Count.max(MAX_SCRIPT_WINDOWS),
  kind: z.enum(RUN_MARK_KINDS),
  /** What the mark stands for, e.g. the action's type. */
  detail: z.string().max(200),
});
export type RunMark = z.infer<typeof RunMarkSchema>;

/** From window `window` on, the control plane was `controlPlane` (the agent or a person acted). */
export const RunActionSchema = z.strictObject({
  window: Count.max(MAX_SCRIPT_WINDOWS),
  controlPlane: ControlPlaneSchema,
});
export type RunAction = z.infer<typeof RunActionSchema>;

/** What the guardrails said of a window's decision before anything ran. */
export const RUN_VERDICTS = ['allowed', 'needs_approval', 'blocked'] as const;

/**
 * What the agent concluded on one window: the pattern it named, the action it proposed, its
 * confidence, the guardrails' verdict and whether the action was carried out in that window.
 */
export const RunConclusionSchema = z.strictObject({
  window: Count.max(MAX_SCRIPT_WINDOWS),
  pattern: PatternTypeSchema,
  action: ActionTypeSchema,
  confidence: z.number().min(0).max(0.99),
  verdict: z.enum(RUN_VERDICTS),
  /** Why the guardrails held the action back; absent when they allowed it. */
  reason: z.string().max(300).optional(),
  executed: z.boolean(),
});
export type RunConclusion = z.infer<typeof RunConclusionSchema>;

/**
 * A played run as a file: the script (slider moves folded in as events), its seed, the time of
 * window 0, the plane it started on, every change of the plane with its window, the marks and
 * what the agent concluded on each window. Opening it steps the same windows again, so every
 * browser shows the same figures beside the same conclusions.
 */
export const RunFileSchema = z
  .strictObject({
    format: z.literal(RUN_FILE_FORMAT),
    version: z.literal(1),
    script: IncidentScriptSchema,
    seed: z.number().int().min(0).max(0xffff_ffff),
    startTime: EpochMillis,
    /** Windows played: the file replays windows 0 to windows − 1. */
    windows: Count.min(1).max(MAX_SCRIPT_WINDOWS),
    initialPlane: ControlPlaneSchema,
    actions: z.array(RunActionSchema).max(MAX_SCRIPT_WINDOWS),
    marks: z.array(RunMarkSchema).max(4 * MAX_SCRIPT_WINDOWS),
    /** The agent's conclusion per window it reasoned on; files from before it have none. */
    conclusions: z.array(RunConclusionSchema).max(MAX_SCRIPT_WINDOWS).optional(),
  })
  .superRefine((run, ctx) => {
    if (run.windows > run.script.windows) {
      ctx.addIssue({
        code: 'custom',
        path: ['windows'],
        message: `the run played ${run.windows} windows but its script has only ${run.script.windows}`,
      });
    }
    refineActionWindows(
      run.actions,
      run.windows - 1,
      (window) => `window ${window} is past the run's last window (${run.windows - 1})`,
      ctx,
    );
    (run.conclusions ?? []).forEach((conclusion, index, all) => {
      const previous = all[index - 1];
      if (conclusion.window >= run.windows || (previous && conclusion.window <= previous.window)) {
        ctx.addIssue({
          code: 'custom',
          path: ['conclusions', index, 'window'],
          message: `window ${conclusion.window} must follow the one before it and be within the run's windows 0 to ${run.windows - 1}`,
        });
      }
    });
    run.marks.forEach((mark, index) => {
      if (mark.window >= run.windows) {
        ctx.addIssue({
          code: 'custom',
          path: ['marks', index, 'window'],
          message: `window ${mark.window} is past the run's last window (${run.windows - 1})`,
        });
      }
    });
  });
export type RunFile = z.infer<typeof RunFileSchema>;

/** Reads a run file's text: JSON first, then the contract; the message names the field. */
export function parseRunFile(text: string): ParseResult<RunFile> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const refusal = checkContract(RunFileSchema, undefined, 'run file');
    if (refusal.ok) return refusal;
    return { ...refusal, message: 'Run file refused: it is not JSON text.' };
  }
  const checked = checkContract(RunFileSchema, value, 'run file');
  if (checked.ok) return checked;
  return { ...checked, message: `Run file refused: ${checked.message}` };
}
