import { describe, expect, it } from 'vitest';
import { STAGED_POLICIES } from '../../../../src/domain/evaluation/incident-stages-policies';
import { scoreStagedRequest } from '../../../../src/domain/evaluation/incident-stages-request';

describe('a staged request named by ids', () => {
  it('scores the named policies on the named preset script', () => {
    const rows = scoreStagedRequest({
      scriptId: 'flapping_route',
      policies: ['do_nothing'],
      seed: 2,
    });
    expect(rows.map((r) => [r.scriptId, r.policy, r.seed, r.faultStart])).toEqual([
      ['flapping_route', 'do_nothing', 2, 5],
    ]);
  });

  it('refuses an unknown script, listing the known ones', () => {
    expect(() =>
      scoreStagedRequest({ scriptId: 'atlantis', policies: ['agent'], seed: 1 }),
    ).toThrow(/unknown incident script atlantis; known: issuer_degrades_then_clears/);
  });

  it('refuses a policy the staged set does not have, and a malformed request by field', () => {
    const withoutRouter = STAGED_POLICIES.filter((p) => p.id !== 'sr_router');
    expect(() =>
      scoreStagedRequest(
        { scriptId: 'slow_burn', policies: ['sr_router'], seed: 1 },
        withoutRouter,
      ),
    ).toThrow(/no staged policy sr_router; available: agent, do_nothing, random, static_rule$/);
    expect(() => scoreStagedRequest({ scriptId: 'slow_burn', policies: [], seed: 1 })).toThrow(
      /policies/,
    );
  });
});
