import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  HEALTHY_SCENARIO,
  type Scenario,
} from '../../../src/contracts';
import { reason } from '../../../src/domain/reasoning';
import { simulatePair } from '../../../src/domain/simulation';
import type { GeminiRequest, GeminiResult } from '../../../src/services/gemini-client';
import { GEMINI_QUIET_MS, GeminiAdvisor } from '../../../src/state/gemini-advisor.svelte';
import { browserTimers } from '../../../src/state/ports';
import { T0 } from '../support/factories';
import { visaOutage } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function windowOf(scenario: Scenario) {
  const pair = simulatePair(scenario, DEFAULT_CONTROL_PLANE, T0);
  const reasoning = reason({
    currentMetrics: pair.current,
    baselineMetrics: pair.baseline,
    learningContext: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now: T0,
  });
  return [reasoning, pair.current, pair.baseline] as const;
}

function advisor(apiKey: string, answer: GeminiResult = { ok: true, raw: '[{"pattern":"x"}]' }) {
  const asked: GeminiRequest[] = [];
  let answers = 0;
  const gemini = new GeminiAdvisor({
    timers: browserTimers,
    gemini: (request) => {
      asked.push(request);
      return Promise.resolve(answer);
    },
    apiKey: () => apiKey,
    onAnswer: () => void (answers += 1),
  });
  return { gemini, asked, answered: () => answers };
}

describe('GeminiAdvisor', () => {
  it('asks once the window has been still for the quiet time, not before', async () => {
    const { gemini, asked, answered } = advisor('key-1');
    const window = windowOf(visaOutage);
    gemini.consider(...window);
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS - 1);
    expect(asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.apiKey).toBe('key-1');
    expect(asked[0]?.facts.issuers.some((i) => i.issuerId === 'visa')).toBe(true);
    expect(answered()).toBe(1);
    expect(gemini.answerFor(window[0])).toBe('[{"pattern":"x"}]');
    expect(gemini.status).toBe('Gemini answered; its hypotheses are checked before use.');
  });

  it('a newer window within the quiet time replaces the one waiting, so it asks once', async () => {
    const { gemini, asked } = advisor('key-1');
    gemini.consider(...windowOf(visaOutage));
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS / 2);
    gemini.consider(...windowOf(visaOutage));
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS);
    expect(asked).toHaveLength(1);
  });

  it('never asks without a key, or when only noise was seen', async () => {
    const noKey = advisor('');
    noKey.gemini.consider(...windowOf(visaOutage));
    const healthy = advisor('key-1');
    healthy.gemini.consider(...windowOf(HEALTHY_SCENARIO));
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS * 3);
    expect(noKey.asked).toHaveLength(0);
    expect(healthy.asked).toHaveLength(0);
  });

  it('says why Gemini was not used and caches nothing when it fails', async () => {
    const { gemini, asked, answered } = advisor('key-1', { ok: false, message: 'HTTP 403.' });
    const window = windowOf(visaOutage);
    gemini.consider(...window);
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS);
    expect(asked).toHaveLength(1);
    expect(answered()).toBe(0);
    expect(gemini.answerFor(window[0])).toBeUndefined();
    expect(gemini.status).toBe('Gemini was not used: HTTP 403. Template hypotheses apply.');
  });

  it('stop cancels a question still waiting', async () => {
    const { gemini, asked } = advisor('key-1');
    gemini.consider(...windowOf(visaOutage));
    gemini.stop();
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS * 2);
    expect(asked).toHaveLength(0);
  });
});
