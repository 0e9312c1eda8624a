import type { ReasoningResult, RunConclusion } from '../contracts';
import type { Autopilot } from './autopilot.svelte';
import type { CycleRunner } from './cycle-runner.svelte';
import type { LiveView } from './live-view.svelte';
import { conclusionOf } from './playback-conclusion.svelte';
import type { WhatIfRow } from './what-if';

/** What the agent made of one stepped window, and whether it now waits for a human. */
export interface AgentTurn {
  /** The reasoning and what-if table the live view had on the window, before anything acted. */
  reasoning: ReasoningResult | null;
  whatIf: WhatIfRow[];
  /** The conclusion a run file keeps for the window. */
  conclusion: RunConclusion | null;
  /** The agent's cycle left a decision waiting for approval: the clock must stop for it. */
  waitsForHuman: boolean;
}

/** What the agent's turn reads: the live view on the window, the cycles and the agent switch. */
export interface AgentTurnDeps {
  live: Pick<LiveView, 'reasoning' | 'whatIf' | 'verdict'>;
  cycles: Pick<CycleRunner, 'lastReport'>;
  autopilot: Pick<Autopilot, 'on' | 'actForWindow'>;
}

/**
 * The agent's turn on the window the clock just stepped: with the agent on, one cycle acts on
 * the decision the live view reached there, and the conclusion counts it as carried out only if
 * that cycle executed it. A decision left waiting for a human is reported, because the next
 * window would supersede it before anyone could answer.
 */
export async function agentTurn(deps: AgentTurnDeps, window: number): Promise<AgentTurn> {
  const { live, cycles, autopilot } = deps;
  // Read before acting: the cycle refreshes the live view on the plane it leaves in force.
  const reasoning = live.reasoning;
  const whatIf = live.whatIf;
  const verdict = live.verdict;
  const reportBefore = cycles.lastReport;
  const waitsForHuman = autopilot.on && (await autopilot.actForWindow()) === 'needs-approval';
  const report = cycles.lastReport;
  const fresh = report === reportBefore ? null : report;
  return {
    reasoning,
    whatIf,
    conclusion: conclusionOf(window, reasoning, verdict, fresh),
    waitsForHuman,
  };
}
