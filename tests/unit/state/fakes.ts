import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  DEFAULT_REASONING_CONFIG,
  HEALTHY_SCENARIO,
  LearningRecordSchema,
  type LearningRecord,
  type Scenario,
} from '../../../src/contracts';
import type { LiveSession } from '../../../src/contracts/session';
import { applyAction } from '../../../src/domain/execution';
import { learningContext } from '../../../src/domain/learning';
import { reason } from '../../../src/domain/reasoning';
import {
  simulatePair,
  simulateWindow,
  stepWindow,
  stepWindows,
} from '../../../src/domain/simulation';
import type { ActiveAction } from '../../../src/services/executor';
import type { SessionRead } from '../../../src/services/session-store';
import { DEFAULT_EXPLORATION } from '../../../src/services/settings-storage';
import type { PendingApproval } from '../../../src/state/cycle-runner.svelte';
import type { LabDeps } from '../../../src/state/lab.svelte';
import type { LabSettings } from '../../../src/state/live-view.svelte';
import type { WorldPort } from '../../../src/state/playback.svelte';
import {
  browserTimers,
  type Clock,
  type HistoryPort,
  type ReasoningPort,
  type SessionPort,
  type SimulatorPort,
} from '../../../src/state/ports';
import { makeDecision, T0 } from '../support/factories';

/** Visa's primary route at 60 % health: the agent proposes shifting Visa to the backup. */
export const visaOutage: Scenario = {
  ...HEALTHY_SCENARIO,
  id: 'issuer_outage',
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 },
};

/** Resolves after `ms` of (fake) time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The domain's simulator behind the port, counting calls; optionally slow or failing. */
export function fakeSimulator(): SimulatorPort & { pairs: number; fail: string | null } {
  const port = {
    pairs: 0,
    fail: null as string | null,
    simulatePair(request: Parameters<SimulatorPort['simulatePair']>[0]) {
      port.pairs += 1;
      if (port.fail) return Promise.reject(new Error(port.fail));
      return Promise.resolve(
        simulatePair(request.scenario, request.controlPlane, request.timestamp),
      );
    },
    simulateMany(requests: Parameters<SimulatorPort['simulateMany']>[0]) {
      return Promise.resolve(
        requests.map((r) => simulateWindow(r.scenario, r.controlPlane, r.timestamp)),
      );
    },
  };
  return port;
}

/** The domain's reasoning engine behind the port. */
export const fakeReasoning: ReasoningPort = {
  reason: (input) => Promise.resolve(reason(input)),
};

/** A learning history in memory whose writes take `delayMs` of (fake) time each. */
export class FakeHistory implements HistoryPort {
  records: LearningRecord[] = [];
  delayMs = 0;
  get context() {
    return learningContext(this.records, 20);
  }
  async add(record: LearningRecord): Promise<void> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    this.records.push(LearningRecordSchema.parse(record));
  }
}

/** A session store in memory that returns what it is told to, and keeps what is saved. */
export class FakeSessionStore implements SessionPort {
  saved: LiveSession[] = [];
  next: SessionRead = { kind: 'none' };
  failSave: string | null = null;
  read(): Promise<SessionRead> {
    return Promise.resolve(this.next);
  }
  save(session: LiveSession): Promise<void> {
    if (this.failSave) return Promise.reject(new Error(this.failSave));
    this.saved.push(structuredClone(session));
    this.next = { kind: 'ok', session: structuredClone(session) };
    return Promise.resolve();
  }
}

/** A clock that stands still at T0 unless moved; `elapsed` steps 2 ms per read. */
export function fakeClock(): Clock & { at: number } {
  let elapsed = 0;
  const clock = { at: T0, now: () => clock.at, elapsed: () => (elapsed += 2) };
  return clock;
}

/** The domain's stepped world behind the port, as the simulator worker serves it. */
export const domainWorld: WorldPort = {
  step: (request) => Promise.resolve(stepWindow(request)),
  stepMany: (request) => Promise.resolve(stepWindows(request.state, request.windows)),
};

/** The settings the lab reads, with the seeds' defaults. */
export function fakeSettings(overrides: Partial<LabSettings> = {}): LabSettings {
  return {
    limits: DEFAULT_SAFETY_LIMITS,
    reasoning: { config: DEFAULT_REASONING_CONFIG },
    apiKey: '',
    autopilotPaceMs: 2000,
    exploration: DEFAULT_EXPLORATION,
    ...overrides,
  };
}

/** Every dependency of the lab as a fake; the timers are the global ones, faked by vitest. */
export function fakeLabDeps(overrides: Partial<LabDeps> = {}) {
  const history = new FakeHistory();
  const session = new FakeSessionStore();
  const links: Scenario[] = [];
  const deps: LabDeps = {
    settings: fakeSettings(),
    history,
    simulator: fakeSimulator(),
    reasoning: fakeReasoning,
    gemini: () => Promise.resolve({ ok: false, message: 'not in tests' }),
    session: () => Promise.resolve(session),
    clock: fakeClock(),
    timers: browserTimers,
    writeLink: (scenario) => links.push(scenario),
    ...overrides,
  };
  return { deps, history, session, links };
}

/** Backoff switched on by an earlier decision: an action in force that can be rolled back. */
export function backoffInForce(): { active: ActiveAction; plane: typeof DEFAULT_CONTROL_PLANE } {
  const decision = makeDecision({
    type: 'implement_backoff',
    id: 'backoff-1',
    successRateChange: 0.001,
    pattern: 'retry_storm',
  });
  const active: ActiveAction = {
    action: decision.selectedAction,
    pattern: 'retry_storm',
    planeBefore: DEFAULT_CONTROL_PLANE,
    appliedAt: T0,
    recordId: 'backoff-1@T0:executed',
    decision,
  };
  return { active, plane: applyAction(DEFAULT_CONTROL_PLANE, decision.selectedAction) };
}

/** A Visa shift waiting for a human ("Novel situation"), decided on the Visa outage window. */
export function visaShiftPending(plane = DEFAULT_CONTROL_PLANE): PendingApproval {
  const decision = makeDecision({
    id: 'shift-visa-1',
    requiresHumanApproval: true,
    approvalReasons: ['Novel situation'],
    parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
    pattern: 'issuer_degradation',
    successRateChange: 0.05,
    confidence: 0.85,
  });
  return {
    decision,
    reasons: decision.approvalReasons,
    violations: [],
    current: simulateWindow(visaOutage, plane, T0),
    scenario: visaOutage,
  };
}

/**
 * A stored session of the Visa outage at cycle 4: backoff in force and a Visa shift waiting for a
 * human, with the parts it is made of.
 */
export function storedOutageSession() {
  const { active, plane } = backoffInForce();
  const pending = visaShiftPending(plane);
  const session: LiveSession = {
    version: 1,
    savedAt: 1,
    scenario: visaOutage,
    cycle: 4,
    controlPlane: plane,
    activeActions: [active],
    pending,
  };
  return { session, active, plane, pending };
}
