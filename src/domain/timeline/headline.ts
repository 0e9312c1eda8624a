/** One played window as the headline reads it. */
export interface HeadlineWindow {
  window: number;
  payments: number;
  successes: number;
  /** Success rate of the same window in the fault-free twin world (same seed, same plane). */
  baselineSuccessRate: number;
  /** Mean processing cost per payment of the window, in the lab's relative units. */
  costPerPayment: number;
}

/** What the headline is computed from: the windows and when the story's turns happened. */
export interface HeadlineInput {
  windows: readonly HeadlineWindow[];
  /** First window a fault was in force, or null when the run had none. */
  faultStart: number | null;
  /** First window the agent saw anomalies, at or after the fault's start. */
  detectedAt: number | null;
  /** First window an action of the agent (or an approved one) took effect, at or after the fault. */
  mitigatedAt: number | null;
  slo: number;
  minutesPerWindow: number;
}

/** The incident in figures: times in lab minutes (null: not reached), payments and cost. */
export interface Headline {
  timeToDetect: number | null;
  timeToMitigate: number | null;
  timeToRecover: number | null;
  /** First window back at or above the SLO after the fault pushed success below it. */
  recoveredAt: number | null;
  /** Whether success fell below the SLO at all after the fault started. */
  breached: boolean;
  /** Successful payments the healthy twin had and the run did not, never below zero. */
  paymentsLost: number;
  /** Total processing cost divided by successful payments; null when nothing succeeded. */
  costPerSuccess: number | null;
}

/** First window ≥ the fault's start at which success is back at the SLO after falling below it. */
function recovery(input: HeadlineInput): { recoveredAt: number | null; breached: boolean } {
  if (input.faultStart === null) return { recoveredAt: null, breached: false };
  let breached = false;
  for (const w of input.windows) {
    if (w.window < input.faultStart || w.payments === 0) continue;
    const below = w.successes / w.payments < input.slo;
    if (below) breached = true;
    else if (breached) return { recoveredAt: w.window, breached };
  }
  return { recoveredAt: null, breached };
}

/** Minutes from the fault's start to `at`, or null when either is missing. */
function since(input: HeadlineInput, at: number | null): number | null {
  if (at === null || input.faultStart === null || at < input.faultStart) return null;
  return (at - input.faultStart) * input.minutesPerWindow;
}

/** Time to detect, mitigate and recover, payments lost against the twin, cost per success. */
export function incidentHeadline(input: HeadlineInput): Headline {
  const { recoveredAt, breached } = recovery(input);
  let lost = 0;
  let cost = 0;
  let successes = 0;
  for (const w of input.windows) {
    lost += w.baselineSuccessRate * w.payments - w.successes;
    cost += w.costPerPayment * w.payments;
    successes += w.successes;
  }
  return {
    timeToDetect: since(input, input.detectedAt),
    timeToMitigate: since(input, input.mitigatedAt),
    timeToRecover: since(input, recoveredAt),
    recoveredAt,
    breached,
    paymentsLost: Math.max(0, Math.round(lost)),
    costPerSuccess: successes > 0 ? cost / successes : null,
  };
}
