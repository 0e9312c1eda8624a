import { describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../../../src/contracts';
import { hasConfidenceMinimum } from '../../../../src/domain/safety/rules';

describe('which actions the minimum confidence holds', () => {
  it('holds every change of the plane but an unwind', () => {
    const held = ACTION_TYPES.filter((t) => hasConfidenceMinimum(t));
    expect(held).not.toContain('do_nothing');
    expect(held).not.toContain('send_notification');
    expect(held).not.toContain('unwind_action');
    expect(held).toEqual(
      ACTION_TYPES.filter((t) => !['do_nothing', 'send_notification', 'unwind_action'].includes(t)),
    );
    expect(held).toContain('shift_traffic');
  });
});
