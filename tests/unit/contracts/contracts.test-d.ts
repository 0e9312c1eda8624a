import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  ACTION_TYPES,
  checkContract,
  formatZodError,
  MetricsSnapshotSchema,
  parseContract,
  TypedParametersSchemas,
  type ActionType,
  type Anomaly,
  type Decision,
  type IssuerId,
  type MetricsSnapshot,
  type ParseResult,
  type ReasoningConfig,
  type RouteId,
  type Scenario,
  type Severity,
} from '../../../src/contracts';

// Compile-time checks of the types zod infers from the contracts: a schema edit that widens or
// narrows a type the rest of the lab relies on fails `vitest run` here, before any code runs.

describe('the inferred contract types', () => {
  it('name every action type as a literal union, in the order of ACTION_TYPES', () => {
    expectTypeOf<ActionType>().toEqualTypeOf<
      | 'shift_traffic'
      | 'failover_processor'
      | 'unwind_action'
      | 'disable_route'
      | 'adjust_retry_policy'
      | 'implement_backoff'
      | 'adjust_timeout'
      | 'rate_limit'
      | 'send_notification'
      | 'do_nothing'
    >();
    expectTypeOf(ACTION_TYPES).items.toEqualTypeOf<ActionType>();
    expectTypeOf<Decision['selectedAction']['type']>().toEqualTypeOf<ActionType>();
  });

  it('keep issuers, routes and severities closed sets, not strings', () => {
    expectTypeOf<IssuerId>().toEqualTypeOf<'visa' | 'mastercard' | 'amex' | 'discover'>();
    expectTypeOf<RouteId>().toEqualTypeOf<'primary' | 'backup'>();
    expectTypeOf<Severity>().toEqualTypeOf<'warning' | 'critical'>();
    expectTypeOf<string>().not.toExtend<IssuerId>();
  });

  it('give a snapshot numbers where the lab computes and optional fields where the seeds omit them', () => {
    expectTypeOf<MetricsSnapshot['successRate']>().toEqualTypeOf<number>();
    expectTypeOf<MetricsSnapshot['latency']>().toEqualTypeOf<{
      p50: number;
      p95: number;
      p99: number;
    }>();
    expectTypeOf<MetricsSnapshot['costPerTransaction']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Anomaly['pValue']>().toEqualTypeOf<number | null>();
    expectTypeOf<Scenario['issuerHealth']>().toEqualTypeOf<Record<IssuerId, number>>();
    expectTypeOf<ReasoningConfig['weights']>()
      .toHaveProperty('successRate')
      .toEqualTypeOf<number>();
  });

  it('type the parameters of a shift_traffic action exactly', () => {
    type ShiftParameters = z.infer<(typeof TypedParametersSchemas)['shift_traffic']>;
    expectTypeOf<ShiftParameters['issuerId']>().toEqualTypeOf<IssuerId>();
    expectTypeOf<ShiftParameters['toRoute']>().toEqualTypeOf<RouteId>();
    expectTypeOf<ShiftParameters['percentage']>().toEqualTypeOf<number>();
  });

  it('return the schema output from parseContract and a tagged result from checkContract', () => {
    expectTypeOf(
      parseContract(MetricsSnapshotSchema, {}, 'snapshot'),
    ).toEqualTypeOf<MetricsSnapshot>();
    const checked = checkContract(MetricsSnapshotSchema, {}, 'snapshot');
    expectTypeOf(checked).toEqualTypeOf<ParseResult<MetricsSnapshot>>();
    if (checked.ok) expectTypeOf(checked.value).toEqualTypeOf<MetricsSnapshot>();
    else expectTypeOf(checked.message).toEqualTypeOf<string>();
  });

  it('take a zod error, a limit and a prefix in formatZodError', () => {
    expectTypeOf(formatZodError).parameters.toEqualTypeOf<
      [error: z.ZodError, limit?: number, prefix?: string]
    >();
    expectTypeOf(formatZodError).returns.toEqualTypeOf<string>();
  });
});
