import type { MetricsSnapshot, ReasoningResult } from '../contracts';
import { buildLlmFacts } from '../domain/reasoning/hypotheses';
import type { GeminiPort, TimerHandle, Timers } from './ports';

/** How long the sliders must rest before Gemini is asked. */
export const GEMINI_QUIET_MS = 1200;

/** What the advisor needs: timers, the Gemini call, the key in force and whom to tell. */
export interface GeminiAdvisorDeps {
  timers: Timers;
  gemini: GeminiPort;
  apiKey: () => string;
  /** Called when a new answer is cached, so the live view reasons again with it. */
  onAnswer: () => void;
}

/**
 * Asks Gemini for hypotheses in the background, once the sliders have been still for a moment;
 * the live loop never waits for it. An answer is kept per pattern signature (a hypothesis is about
 * the pattern, not the exact numbers) and used for as long as the same patterns are seen.
 */
export class GeminiAdvisor {
  /** What Gemini is doing, when a key is set: asking, answered, or why it failed. */
  status = $state<string | null>(null);
  private readonly deps: GeminiAdvisorDeps;
  // A plain cache read inside async work only: nothing renders from it, so it need not be reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly answers = new Map<string, string>();
  private inFlight: string | null = null;
  private timer: TimerHandle | null = null;

  constructor(deps: GeminiAdvisorDeps) {
    this.deps = deps;
  }

  /** Gemini's cached raw answer for what this reasoning saw, if there is one. */
  answerFor(reasoning: ReasoningResult): string | undefined {
    return this.answers.get(patternSignature(reasoning));
  }

  /**
   * Schedules a question about this window when a key is set, something beyond noise was seen and
   * no answer is cached; a newer window replaces the one still waiting for the quiet time.
   */
  consider(reasoning: ReasoningResult, current: MetricsSnapshot, baseline: MetricsSnapshot): void {
    const signature = patternSignature(reasoning);
    if (this.answers.has(signature)) return;
    if (!this.deps.apiKey() || !reasoning.patterns.some((p) => p.type !== 'noise')) return;
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = this.deps.timers.set(() => {
      this.timer = null;
      void this.ask(signature, reasoning, current, baseline);
    }, GEMINI_QUIET_MS);
  }

  /** Cancels a question still waiting for its quiet time. */
  stop(): void {
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timer = null;
  }

  private async ask(
    signature: string,
    reasoning: ReasoningResult,
    current: MetricsSnapshot,
    baseline: MetricsSnapshot,
  ): Promise<void> {
    if (this.inFlight !== null || this.answers.has(signature)) return;
    this.inFlight = signature;
    this.status = 'Asking Gemini for hypotheses…';
    try {
      const facts = buildLlmFacts(current, baseline, reasoning.anomalies, reasoning.patterns);
      const result = await this.deps.gemini({ apiKey: this.deps.apiKey(), facts });
      if (result.ok) {
        this.answers.set(signature, result.raw);
        this.status = 'Gemini answered; its hypotheses are checked before use.';
        this.deps.onAnswer();
      } else {
        this.status = `Gemini was not used: ${result.message} Template hypotheses apply.`;
      }
    } finally {
      this.inFlight = null;
    }
  }
}

/** Identifies what the reasoning saw: pattern types with their issuers. */
export function patternSignature(reasoning: ReasoningResult): string {
  return reasoning.patterns
    .map((p) => `${p.type}:${[...p.issuerIds].sort().join(',')}`)
    .sort()
    .join('|');
}
