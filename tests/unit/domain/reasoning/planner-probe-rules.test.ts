import { describe, expect, it } from 'vitest';
import {
  EMPTY_LEARNING_CONTEXT,
  type ActionProposal,
  type ActiveActionView,
  type MetricsSnapshot,
  type NoticeView,
} from '../../../../src/contracts';
import { withoutRepeatedNotices } from '../../../../src/domain/reasoning/planner-notices';
import {
  PROBE_TIMEOUT_MAJORITY,
  timeoutDraft,
  timeoutsOnLeftRoutes,
} from '../../../../src/domain/reasoning/planner-remedies';
import type { Draft, PlanInput } from '../../../../src/domain/reasoning/planner-types';
import { makeSnapshot } from './snapshots';

/** Visa and Mastercard, each half on the primary and half on the backup, 1,000 attempts a route. */
function split(timeouts: {
  visa: [number, number];
  mastercard: [number, number];
}): MetricsSnapshot {
  const snapshot = makeSnapshot({
    total: 4000,
    issuers: (['visa', 'mastercard'] as const).map((id) => ({
      id,
      share: 0.5,
      successRate: 0.95,
      errors: { TIMEOUT: (timeouts[id][0] + timeouts[id][1]) / 2 },
      routes: [
        { routeId: 'primary' as const, share: 0.5, successRate: 0.95 },
        { routeId: 'backup' as const, share: 0.5, successRate: 0.95 },
      ],
    })),
  });
  for (const row of snapshot.issuerMetrics) {
    const [primary, backup] = timeouts[row.issuerId as 'visa' | 'mastercard'];
    for (const route of row.routes ?? [])
      route.timeoutShare = route.routeId === 'primary' ? primary : backup;
  }
  return snapshot;
}

function move(
  type: 'failover_processor' | 'shift_traffic' | 'adjust_timeout',
  parameters: ActionProposal['parameters'],
): ActiveActionView {
  return {
    recordId: `rec-${type}`,
    pattern: 'processor_outage',
    appliedAt: 1,
    reason: 'earlier',
    action: {
      id: `action_${type}`,
      category: 'traffic_routing',
      type,
      description: type,
      parameters,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel: 0.3 },
      prerequisites: [],
      reversible: true,
    },
  };
}

const FAILOVER = move('failover_processor', {
  fromRoute: 'primary',
  toRoute: 'backup',
  percentage: 0.5,
});
const VISA_OFF = (from: string) =>
  move('shift_traffic', { issuerId: 'visa', fromRoute: from, toRoute: 'backup', percentage: 0.5 });

function planInput(current: MetricsSnapshot, activeActions: ActiveActionView[]): PlanInput {
  return {
    current,
    baseline: makeSnapshot({ total: 4000 }),
    analysis: { anomalies: [], patterns: [], degraded: [] } as never,
    learning: EMPTY_LEARNING_CONTEXT,
    now: 1,
    activeActions,
  };
}

describe('where the timeouts of a window come from', () => {
  // Timed-out attempts: visa 200 on primary, 0 on backup; mastercard 100 and 100.
  const window = split({ visa: [0.2, 0], mastercard: [0.1, 0.1] });
  const share = (actions: ActiveActionView[]) => timeoutsOnLeftRoutes(planInput(window, actions));

  it('counts none while no move is in force, or only a damper', () => {
    expect(share([])).toBe(0);
    expect(share([move('adjust_timeout', { timeoutMs: 3000 })])).toBe(0);
  });

  it('counts every issuer on the route a failover left', () => {
    expect(share([FAILOVER])).toBeCloseTo(300 / 400, 9);
  });

  it('counts only the shifted issuer on the route a shift left', () => {
    expect(share([VISA_OFF('primary')])).toBeCloseTo(200 / 400, 9);
    expect(share([VISA_OFF('backup')])).toBe(0);
  });

  it('counts none in a window where nothing timed out, or no route reported', () => {
    expect(
      timeoutsOnLeftRoutes(planInput(split({ visa: [0, 0], mastercard: [0, 0] }), [FAILOVER])),
    ).toBe(0);
    const bare = makeSnapshot({ total: 4000 });
    for (const row of bare.issuerMetrics) delete row.routes;
    expect(timeoutsOnLeftRoutes(planInput(bare, [FAILOVER]))).toBe(0);
  });
});

describe('a longer timeout beside a move in force', () => {
  it('is not drafted when most timed-out attempts are on the route the move left', () => {
    const mostly = split({ visa: [0.3, 0], mastercard: [0.1, 0] });
    expect(timeoutDraft(planInput(mostly, [FAILOVER]))).toBeNull();
  });

  it('is drafted at exactly half, counting only the timeouts elsewhere', () => {
    expect(PROBE_TIMEOUT_MAJORITY).toBe(0.5);
    // Half of the 400 timed-out attempts are visa's on the primary its shift left.
    const half = split({ visa: [0.2, 0], mastercard: [0.1, 0.1] });
    const alone = timeoutDraft(planInput(half, []));
    const beside = timeoutDraft(planInput(half, [VISA_OFF('primary')]));
    expect(alone).not.toBeNull();
    expect(beside?.impact.successRateChange).toBeCloseTo(alone!.impact.successRateChange / 2, 9);
    // 0.6 of the 10 % excess over a baseline without timeouts are slow successes.
    expect(alone!.impact.successRateChange).toBeCloseTo(0.1 * 0.6, 9);
    expect(alone!.parameters.timeoutMs).toBe(Math.round((half.latency.p99 * 1.5) / 100) * 100);
    expect(alone!.impact.latencyImpact).toBeCloseTo(
      ((alone!.parameters.timeoutMs as number) - half.latency.p99) * 0.5,
      6,
    );
  });
});

describe('a notification already sent', () => {
  const draft = (type: Draft['type'], parameters: Draft['parameters'] = {}): Draft => ({
    type,
    description: type,
    parameters,
    impact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.05 },
    prerequisites: [],
    reversible: true,
    rationale: type,
  });
  const drafted = () => [
    {
      draft: draft('send_notification', { channel: 'on_call' }),
      pattern: 'latency_spike' as const,
    },
    {
      draft: draft('send_notification', { channel: 'incident_channel' }),
      pattern: 'latency_spike' as const,
    },
    { draft: draft('send_notification', { channel: 'on_call' }), pattern: 'retry_storm' as const },
    { draft: draft('shift_traffic'), pattern: 'latency_spike' as const },
    { draft: draft('do_nothing'), pattern: 'latency_spike' as const },
  ];
  const told = (notices: NoticeView[] | undefined) =>
    withoutRepeatedNotices(drafted(), {
      ...planInput(makeSnapshot(), []),
      ...(notices ? { notices } : {}),
    });

  it('holds back only the same pattern to the same channel, and waiting says so', () => {
    const kept = told([{ pattern: 'latency_spike', channel: 'on_call', window: 8 }]);
    expect(
      kept.map((d) => `${d.draft.type}:${String(d.draft.parameters.channel)}:${d.pattern}`),
    ).toEqual([
      'send_notification:incident_channel:latency_spike',
      'send_notification:on_call:retry_storm',
      'shift_traffic:undefined:latency_spike',
      'do_nothing:undefined:latency_spike',
    ]);
    expect(kept.at(-1)?.draft.rationale).toBe(
      'do_nothing; on call told of latency_spike in window 8',
    );
    expect(kept.find((d) => d.draft.type === 'shift_traffic')?.draft.rationale).toBe(
      'shift_traffic',
    );
  });

  it('names the newest notice, and each holding back once', () => {
    const kept = told([
      { pattern: 'latency_spike', channel: 'on_call', window: 3 },
      { pattern: 'latency_spike', channel: 'on_call', window: 6 },
      { pattern: 'retry_storm', channel: 'on_call', window: 5 },
    ]);
    expect(kept.at(-1)?.draft.rationale).toBe(
      'do_nothing; on call told of latency_spike in window 6; on call told of retry_storm in window 5',
    );
  });

  it('pages again when the pattern grew more urgent than what was said', () => {
    const urgent = (severity: string | undefined, sent: NoticeView['severity']) =>
      withoutRepeatedNotices(
        [
          {
            draft: draft('send_notification', {
              channel: 'on_call',
              ...(severity ? { severity } : {}),
            }),
            pattern: 'latency_spike' as const,
          },
        ],
        {
          ...planInput(makeSnapshot(), []),
          notices: [
            {
              pattern: 'latency_spike',
              channel: 'on_call',
              window: 2,
              ...(sent ? { severity: sent } : {}),
            },
          ],
        },
      ).length;
    expect(urgent('critical', 'warning')).toBe(1);
    expect(urgent('warning', 'info')).toBe(1);
    expect(urgent('warning', undefined)).toBe(1);
    expect(urgent('warning', 'warning')).toBe(0);
    expect(urgent('warning', 'critical')).toBe(0);
    expect(urgent('info', undefined)).toBe(0);
    expect(urgent(undefined, 'info')).toBe(0);
  });

  it('changes nothing while no notice matches, or none is shown', () => {
    for (const notices of [
      undefined,
      [],
      [{ pattern: 'noise', channel: 'on_call', window: 1 }] as NoticeView[],
    ]) {
      const kept = told(notices);
      expect(kept).toHaveLength(5);
      expect(kept.map((d) => d.draft.rationale)).toEqual(drafted().map((d) => d.draft.rationale));
    }
  });
});
