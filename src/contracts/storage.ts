import { z } from 'zod';

/** A byte count the browser reports: a finite, non-negative number. */
const Bytes = z.number().nonnegative();

/** What `navigator.storage.estimate()` answers; both fields are optional in the standard. */
export const StorageEstimateSchema = z.object({
  usage: Bytes.optional(),
  quota: Bytes.optional(),
});
export type StorageEstimateReading = z.infer<typeof StorageEstimateSchema>;
