import { formatZodError } from '../contracts/common';
import { StorageEstimateSchema } from '../contracts/storage';

/** Below this many free bytes the lab warns: a few hundred outcomes no longer fit. */
export const LOW_FREE_BYTES = 5 * 1024 * 1024;

/** Below this share of the quota free the lab warns, whatever the size of the quota. */
export const LOW_FREE_SHARE = 0.02;

/** Below this many free bytes the next outcome may not be stored at all. */
export const FULL_FREE_BYTES = 256 * 1024;

/** How much room the lab has: `ok`, `low` (warn), `full` (alert) or `unknown` (cannot tell). */
export interface QuotaVerdict {
  level: 'ok' | 'low' | 'full' | 'unknown';
  /** What to tell the user, or null when there is nothing to say. */
  message: string | null;
  usage: number | null;
  quota: number | null;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en')} MB`;
}

/** Judges a storage estimate (as the browser gave it, checked here) against the warning limits. */
export function judgeQuota(raw: unknown): QuotaVerdict {
  const parsed = StorageEstimateSchema.safeParse(raw);
  if (!parsed.success)
    return {
      level: 'unknown',
      message: `The browser's storage estimate was not understood (${formatZodError(parsed.error, 2)}).`,
      usage: null,
      quota: null,
    };
  const { usage, quota } = parsed.data;
  if (usage === undefined || quota === undefined)
    return { level: 'unknown', message: null, usage: usage ?? null, quota: quota ?? null };
  const free = Math.max(0, quota - usage);
  const share = quota > 0 ? free / quota : 0;
  const room = `${megabytes(free)} free of ${megabytes(quota)} (${(share * 100).toFixed(1)} %)`;
  if (free < FULL_FREE_BYTES)
    return {
      level: 'full',
      message: `Storage is full: ${room}. New outcomes will not be saved; export the history and clear it, or free space for this site.`,
      usage,
      quota,
    };
  if (free < LOW_FREE_BYTES || share < LOW_FREE_SHARE)
    return {
      level: 'low',
      message: `Storage is nearly full: ${room}. New outcomes may soon not be saved; export the history to keep it.`,
      usage,
      quota,
    };
  return { level: 'ok', message: null, usage, quota };
}

/** Reads the browser's storage estimate and judges it; never throws. */
export async function checkStorageQuota(
  storage: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage,
): Promise<QuotaVerdict> {
  if (!storage || typeof storage.estimate !== 'function')
    return { level: 'unknown', message: null, usage: null, quota: null };
  try {
    return judgeQuota(await storage.estimate());
  } catch (error) {
    return {
      level: 'unknown',
      message: `The browser would not say how much storage is left (${error instanceof Error ? error.message : String(error)}).`,
      usage: null,
      quota: null,
    };
  }
}
