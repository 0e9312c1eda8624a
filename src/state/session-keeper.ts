import {
  PatternTypeSchema,
  type Decision,
  type LearningRecord,
  type PatternType,
  type RunFile,
  type Scenario,
} from '../contracts';
import {
  LIVE_SESSION_VERSION,
  LiveSessionSchema,
  StoredActiveActionSchema,
  StoredPendingApprovalSchema,
  type ClockDials,
  type LiveSession,
} from '../contracts/session';
import { windowScenario } from '../domain/timeline';
import type { ActiveAction } from '../services/executor';
import type { CycleRunner, PendingApproval } from './cycle-runner.svelte';
import type { AgentMemory, LiveView } from './live-view.svelte';
import {
  messageOf,
  type Clock,
  type HistoryPort,
  type SessionPort,
  type TimerHandle,
  type Timers,
} from './ports';

/** How long a scenario drag rests before the session is written. */
export const SESSION_WRITE_DELAY_MS = 300;

/** What the session keeper needs. */
export interface SessionKeeperDeps {
  store: SessionPort;
  live: LiveView;
  runner: CycleRunner;
  history: Pick<HistoryPort, 'add'>;
  /** The clock's run so far as a run file, or null before its first window. */
  run: () => RunFile | null;
  /** The clock's speed and SLO as the user set them. */
  dials?: () => ClockDials;
  /** Whether the agent is on. */
  agentOn?: () => boolean;
  clock: Clock;
  timers: Timers;
  alert: (message: string) => void;
}

/** The page's link, as far as restoring a session cares. */
export interface LinkScenario {
  scenario: Scenario;
  /** Whether this stored scenario is the one the link asks for (or the link asks for none). */
  accepts: (stored: Scenario) => boolean;
}

/** Nothing remembered: a fresh start, or another world's session. */
const NO_MEMORY: AgentMemory = { windows: [], notices: [] };

/** What a restored session gives back beyond the live view: the scenario and the run to resume. */
export interface RestoredSession {
  scenario: Scenario;
  /** The clock's run the reload interrupted, or null (none, or another world's). */
  run: RunFile | null;
  /** What the agent remembered: the windows it saw last and its paging log. */
  memory: AgentMemory;
  /** The clock's speed and SLO the user had set, whatever world the link opens (null: none kept). */
  dials: ClockDials | null;
  /** Whether the agent was on when the session was kept. */
  agentWasOn: boolean;
}

/**
 * Keeps the live session (scenario, cycle, control plane, active actions, pending approval, the
 * clock's run and what the agent remembers) in storage and puts it back on reload. What cannot be
 * put back is refused with a message, and each decision or action it drops is written to the
 * history so the audit trail says what happened.
 */
export class SessionKeeper {
  private readonly deps: SessionKeeperDeps;
  private writing: Promise<void> = Promise.resolve();
  private waiting = false;
  private timer: TimerHandle | null = null;

  constructor(deps: SessionKeeperDeps) {
    this.deps = deps;
  }

  /** The session as it stands now. */
  snapshot(): LiveSession {
    const { live, runner, clock } = this.deps;
    const run = this.deps.run();
    return {
      version: LIVE_SESSION_VERSION,
      savedAt: Math.max(0, Math.round(clock.now())),
      scenario: live.scenario,
      cycle: live.cycle,
      controlPlane: live.controlPlane,
      activeActions: live.activeActions,
      pending: runner.pending,
      ...(run ? { run } : {}),
      ...(live.observedWindows.length > 0 ? { windows: live.observedWindows } : {}),
      ...(live.notices.length > 0 ? { notices: live.notices } : {}),
      ...(live.link.shown ? { link: live.link.shown } : {}),
      ...(this.deps.dials ? { dials: this.deps.dials() } : {}),
      ...(this.deps.agentOn?.() ? { agentOn: true } : {}),
    };
  }

  /**
   * Writes the session; writes run one after another and each takes the state as it is when its
   * turn comes, so the last write always holds the latest state. Failures become an alert.
   */
  save(): Promise<void> {
    if (this.waiting) return this.writing;
    this.waiting = true;
    this.writing = this.writing.then(async () => {
      this.waiting = false;
      try {
        await this.deps.store.save(this.snapshot());
      } catch (error) {
        this.deps.alert(`The live session could not be kept for a reload: ${messageOf(error)}`);
      }
    });
    return this.writing;
  }

  /** Saves once a drag has rested: a slider move should not write on every step. */
  saveSoon(): void {
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.save();
    }, SESSION_WRITE_DELAY_MS);
  }

  /**
   * Restores the stored session into the live view and the runner, and returns the scenario to
   * start from with the run to resume (the caller saves the result, which also replaces a
   * session that was refused). The link wins over a stored scenario it does not accept; a
   * decision that waited for approval in another world is then dropped, because approving it
   * would act on a world it was not made for, and so is the run of that world.
   */
  async restore(link: LinkScenario): Promise<RestoredSession> {
    const { store, live, runner } = this.deps;
    const fresh = (): RestoredSession => {
      live.scenario = link.scenario;
      return {
        scenario: link.scenario,
        run: null,
        memory: NO_MEMORY,
        dials: null,
        agentWasOn: false,
      };
    };
    let read;
    try {
      read = await store.read();
    } catch (error) {
      this.deps.alert(`The last session could not be read: ${messageOf(error)}`);
      return fresh();
    }
    if (read.kind === 'none') return fresh();
    if (read.kind === 'invalid') {
      const withoutRun = sessionWithoutRun(read.raw);
      if (!withoutRun) {
        this.deps.alert(`The last session could not be restored and was dropped. ${read.message}`);
        await this.recordDropped(salvage(read.raw), 'the stored session was not valid');
        return fresh();
      }
      // Only the run or the agent's memory is spoilt: the plane, actions and approval come back.
      this.deps.alert(`The run in progress could not be resumed and was dropped. ${read.message}`);
      read = { kind: 'ok' as const, session: withoutRun };
    }
    const session = read.session;
    // The page's own link may lag its session: the link it last wrote is this world's too.
    const sameWorld =
      link.accepts(session.scenario) ||
      (session.link !== undefined && link.accepts(session.link)) ||
      (session.run ? linkShowsRun(session.run, link) : false);
    live.cycle = session.cycle;
    live.controlPlane = session.controlPlane;
    live.activeActions = session.activeActions;
    if (session.pending && !sameWorld) {
      this.deps.alert(
        'The decision that waited for approval was dropped: the link opened another scenario.',
      );
      await this.recordDropped(
        { pending: session.pending, activeActions: [] },
        'the link opened another scenario',
      );
    } else {
      runner.restorePending(session.pending);
    }
    const scenario = sameWorld ? session.scenario : link.scenario;
    live.scenario = scenario;
    // Another world's run and what the agent saw of it are not this world's.
    const dials = session.dials ?? null;
    const agentWasOn = session.agentOn === true;
    if (!sameWorld) return { scenario, run: null, memory: NO_MEMORY, dials, agentWasOn };
    return {
      scenario,
      run: session.run ?? null,
      memory: { windows: session.windows ?? [], notices: session.notices ?? [] },
      dials,
      agentWasOn,
    };
  }

  private async recordDropped(
    dropped: { pending: PendingApproval | null; activeActions: readonly ActiveAction[] },
    why: string,
  ): Promise<void> {
    const now = Math.max(0, Math.round(this.deps.clock.now()));
    const records: LearningRecord[] = [];
    if (dropped.pending) {
      const decision = dropped.pending.decision;
      records.push({
        id: `${decision.selectedAction.id}@${now}:dropped`,
        recordedAt: now,
        // Nobody said no: the window it was decided on is gone, so it is stored as expired.
        status: 'expired',
        pattern: patternOf(decision),
        actionType: decision.selectedAction.type,
        decision,
        note: `Dropped on reload before anyone answered: ${why}.`,
      });
    }
    for (const active of dropped.activeActions) {
      records.push({
        id: `${active.recordId}-dropped-${now}`,
        recordedAt: now,
        status: 'rolled_back',
        pattern: active.pattern,
        actionType: active.action.type,
        decision: active.decision,
        note: `No longer in force after a reload: ${why}; the control plane restarted at the default.`,
      });
    }
    for (const record of records) {
      try {
        await this.deps.history.add(record);
      } catch (error) {
        this.deps.alert(`A dropped decision could not be recorded: ${messageOf(error)}`);
      }
    }
  }
}

/**
 * Whether the link shows a window of the stored run, or the window that was being played: the
 * page rewrites its link at most every 300 ms, so a reload while the clock plays finds a link a
 * window or two behind the session, or one ahead of it when the link caught the window in
 * progress before the session was written at its end.
 */
function linkShowsRun(run: RunFile, link: LinkScenario): boolean {
  // A run file carries its clock (script, seed, start time).
  const inProgress = Math.min(run.windows, run.script.windows - 1);
  for (let window = inProgress; window >= 0; window--)
    if (link.accepts(windowScenario(run, window))) return true;
  return false;
}

/**
 * The stored session without its run, the agent's memory, the link it showed, the clock's dials
 * and whether the agent was on, when only they spoilt it.
 */
function sessionWithoutRun(raw: unknown): LiveSession | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const parsed = LiveSessionSchema.safeParse({
    ...raw,
    run: undefined,
    windows: undefined,
    notices: undefined,
    link: undefined,
    dials: undefined,
    agentOn: undefined,
  });
  return parsed.success ? parsed.data : null;
}

/** Reads what can still be trusted out of a session that failed as a whole. */
function salvage(raw: unknown): {
  pending: PendingApproval | null;
  activeActions: ActiveAction[];
} {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    pending?: unknown;
    activeActions?: unknown;
  };
  const pending = StoredPendingApprovalSchema.safeParse(value.pending);
  const actions = Array.isArray(value.activeActions) ? (value.activeActions as unknown[]) : [];
  return {
    pending: pending.success ? pending.data : null,
    activeActions: actions.flatMap((a) => {
      const parsed = StoredActiveActionSchema.safeParse(a);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}

function patternOf(decision: Decision): PatternType {
  const parsed = PatternTypeSchema.safeParse(decision.pattern);
  return parsed.success ? parsed.data : 'noise';
}
