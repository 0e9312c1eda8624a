import { z } from 'zod';

/** Failure patterns the engine recognises; `noise` when nothing matches. */
export const PATTERN_TYPES = [
  'issuer_degradation',
  'retry_storm',
  'latency_spike',
  'processor_outage',
  'noise',
] as const;
export const PatternTypeSchema = z.enum(PATTERN_TYPES);
export type PatternType = z.infer<typeof PatternTypeSchema>;
