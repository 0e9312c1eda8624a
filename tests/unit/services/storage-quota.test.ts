import { describe, expect, it } from 'vitest';
import {
  checkStorageQuota,
  FULL_FREE_BYTES,
  judgeQuota,
  LOW_FREE_BYTES,
} from '../../../src/services/storage-quota';

const MB = 1024 * 1024;

/** A StorageManager whose estimate answers `answer` (or fails with it, when it is an Error). */
function fakeStorage(answer: unknown) {
  return {
    estimate: () =>
      answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as StorageEstimate),
  };
}

describe('judgeQuota', () => {
  it('says nothing when there is plenty of room', () => {
    expect(judgeQuota({ usage: 20 * MB, quota: 2000 * MB })).toEqual({
      level: 'ok',
      message: null,
      usage: 20 * MB,
      quota: 2000 * MB,
    });
  });

  it('warns under a few MB free, even when that is a large share of a small quota', () => {
    const verdict = judgeQuota({ usage: 7 * MB, quota: 10 * MB });
    expect(verdict.level).toBe('low');
    expect(verdict.message).toBe(
      'Storage is nearly full: 3.0 MB free of 10 MB (30.0 %). New outcomes may soon not be saved; export the history to keep it.',
    );
  });

  it('warns under 2 % free, even when that is many MB', () => {
    const verdict = judgeQuota({ usage: 9850 * MB, quota: 10_000 * MB });
    expect(verdict.level).toBe('low');
    expect(verdict.message).toContain('150 MB free of 10,000 MB (1.5 %)');
  });

  it('stays quiet just above both limits', () => {
    expect(judgeQuota({ usage: 0, quota: LOW_FREE_BYTES }).level).toBe('ok');
    expect(judgeQuota({ usage: 980 * MB, quota: 1000 * MB }).level).toBe('ok');
  });

  it('calls storage full when the next outcome may not fit, or usage is past the quota', () => {
    const nearly = judgeQuota({ usage: 100 * MB - (FULL_FREE_BYTES - 1), quota: 100 * MB });
    expect(nearly.level).toBe('full');
    expect(nearly.message).toMatch(/^Storage is full: 0\.2 MB free of 100 MB \(0\.2 %\)\./);
    const over = judgeQuota({ usage: 120 * MB, quota: 100 * MB });
    expect(over.level).toBe('full');
    expect(over.message).toContain('0.0 MB free of 100 MB (0.0 %)');
    expect(judgeQuota({ usage: 0, quota: 0 }).level).toBe('full');
  });

  it('cannot tell without both figures, and says nothing then', () => {
    expect(judgeQuota({ quota: 100 * MB })).toEqual({
      level: 'unknown',
      message: null,
      usage: null,
      quota: 100 * MB,
    });
    expect(judgeQuota({}).level).toBe('unknown');
  });

  it('refuses a nonsensical estimate, naming the field, instead of judging it', () => {
    const negative = judgeQuota({ usage: -5, quota: 100 });
    expect(negative.level).toBe('unknown');
    expect(negative.message).toMatch(
      /^The browser's storage estimate was not understood \(usage: /,
    );
    expect(judgeQuota({ usage: 1, quota: Number.NaN }).message).toContain('quota:');
    expect(judgeQuota('plenty').level).toBe('unknown');
  });
});

describe('checkStorageQuota', () => {
  it('reads the estimate from the storage it is given', async () => {
    const verdict = await checkStorageQuota(fakeStorage({ usage: 99 * MB, quota: 100 * MB }));
    expect(verdict.level).toBe('low');
    expect(verdict.usage).toBe(99 * MB);
  });

  it('never throws: a failing estimate and a missing API come back as unknown', async () => {
    const failing = await checkStorageQuota(fakeStorage(new Error('SecurityError')));
    expect(failing).toMatchObject({ level: 'unknown' });
    expect(failing.message).toContain('SecurityError');
    expect(await checkStorageQuota(undefined)).toEqual({
      level: 'unknown',
      message: null,
      usage: null,
      quota: null,
    });
  });
});
