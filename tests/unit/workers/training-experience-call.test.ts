import { describe, expect, it } from 'vitest';
import { trainingExperience } from '../../../src/domain/evaluation/training-experience';
import { trainingExperienceCall } from '../../../workers/learning-curve-call';

describe('the evaluation worker learning training experience', () => {
  it('answers what the domain learns, telling progress every ten cycles and at the end', () => {
    const heard: string[] = [];
    const context = trainingExperienceCall({ cycles: 12, seed: 3 }, (done: number, total: number) =>
      heard.push(`${done}/${total}`),
    );
    expect(context).toEqual(trainingExperience(12, 3));
    expect(heard).toEqual(['10/12', '12/12']);
  });

  it('refuses options out of range or unknown, naming the field', () => {
    expect(() => trainingExperienceCall({ cycles: 0, seed: 1 })).toThrow(
      /training-experience options.*cycles/s,
    );
    expect(() => trainingExperienceCall({ cycles: 5, seed: 1, learning: true })).toThrow(
      /training-experience options/,
    );
  });
});
