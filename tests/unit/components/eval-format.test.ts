import { describe, expect, it } from 'vitest';
import {
  points,
  ratePoints,
  signedPoints,
  signedCount,
  stageTime,
  wholePercent,
} from '../../../src/components/evaluation/eval-format';

describe('the Evaluate panel formats', () => {
  it('writes regret in points and shares in whole percent, a dash for nothing', () => {
    expect(points(3.1749)).toBe('3.17');
    expect(points(null)).toBe('–');
    expect(ratePoints(0.0317)).toBe('3.17');
    expect(ratePoints(undefined)).toBe('–');
    expect(signedPoints(-0.123)).toBe('−0.12');
    expect(signedPoints(0.3)).toBe('+0.30');
    expect(signedPoints(0)).toBe('0.00');
    expect(signedPoints(null)).toBe('–');
    expect(wholePercent(0.8)).toBe('80 %');
    expect(wholePercent(undefined)).toBe('–');
  });

  it('tells a stage never reached from one that cannot be', () => {
    expect(stageTime(3)).toBe('3');
    expect(stageTime(0)).toBe('0');
    expect(stageTime(null)).toBe('–');
    expect(stageTime(null, false)).toBe('n/a');
  });

  it('signs payments with a true minus and thousands separators', () => {
    expect(signedCount(-10787)).toBe('−10,787');
    expect(signedCount(868)).toBe('+868');
    expect(signedCount(-0.3)).toBe('0');
  });
});
