import type { IncidentScript, RunMark } from '../../contracts';
import { WINDOW_SECONDS } from '../../domain/simulation/step';
import {
  burnSeries,
  faultBands,
  firstFaultWindow,
  firstMark,
  firstMitigation,
  incidentHeadline,
  isLapse,
  isNotification,
  type BurnPoint,
  type FaultBand,
  type Headline,
  type WindowCounts,
} from '../../domain/timeline';
import type { WindowFrame } from '../../state/playback.svelte';

/** Lab minutes one window covers. */
export const MINUTES_PER_WINDOW = WINDOW_SECONDS / 60;

/** A moment drawn on the timeline: recorded marks plus the computed recovery. */
export interface TimelineMarker {
  window: number;
  kind: RunMark['kind'] | 'recovered';
  label: string;
  /** Whether the chart writes the label: not when the marker a window before says the same. */
  labelled: boolean;
}

/** Everything the timeline draws, computed once per change of the frames. */
export interface TimelineView {
  frames: readonly WindowFrame[];
  bands: FaultBand[];
  burn: BurnPoint[];
  markers: TimelineMarker[];
  headline: Headline;
  faultStart: number | null;
  /** The highest 1 h burn rate of the kept windows, and the first window each alert fired. */
  peakBurn: number | null;
  fastFiredAt: number | null;
  slowFiredAt: number | null;
}

const MARK_LABELS: Record<TimelineMarker['kind'], string> = {
  detected: 'Detected',
  executed: 'Executed',
  rolled_back: 'Rolled back',
  unwound: 'Unwound',
  recovered: 'Recovered',
};

/** A marker's label: its kind, and the action for executions (a notification says it in a word). */
function markerLabel(mark: RunMark): string {
  if (isLapse(mark)) return 'Lapsed';
  if (mark.kind !== 'executed') return MARK_LABELS[mark.kind];
  return isNotification(mark) ? 'Notified' : `${MARK_LABELS.executed} ${mark.detail}`;
}

/**
 * Markers with the label of a marker a window before them go unlabelled (the line stays): a
 * notification every window wrote the same words side by side along the top, each covering the
 * next and the labels that mattered.
 */
function withoutRepeatedLabels(markers: readonly Omit<TimelineMarker, 'labelled'>[]) {
  const last = new Map<string, number>();
  return markers.map((marker): TimelineMarker => {
    const before = last.get(marker.label);
    last.set(marker.label, marker.window);
    return { ...marker, labelled: before === undefined || marker.window - before > 1 };
  });
}

/** The payments and successes of a frame's window. */
export function countsOf(frame: WindowFrame): WindowCounts {
  const payments = frame.snapshot.totalTransactions;
  return { payments, successes: Math.round(frame.snapshot.successRate * payments) };
}

/** The timeline of the kept frames: bands up to the windows played, burn rates, markers, headline. */
export function timelineView(
  frames: readonly WindowFrame[],
  marks: readonly RunMark[],
  script: IncidentScript | null,
  played: number,
  slo: number,
): TimelineView {
  const bands = script && played > 0 ? faultBands(script, played) : [];
  const first = frames[0]?.window ?? 0;
  const faultStart = firstFaultWindow(bands);
  const counts = frames.map(countsOf);
  const headline = incidentHeadline({
    windows: frames.map((frame, i) => ({
      window: frame.window,
      payments: counts[i]!.payments,
      successes: counts[i]!.successes,
      baselineSuccessRate: frame.baseline.successRate,
      costPerPayment: frame.snapshot.costPerTransaction ?? 0,
    })),
    faultStart,
    detectedAt: firstMark(marks, ['detected'], faultStart),
    mitigatedAt: firstMitigation(marks, faultStart),
    slo,
    minutesPerWindow: MINUTES_PER_WINDOW,
  });
  const recorded = marks
    .filter((mark) => mark.window >= first)
    .map((mark) => ({ window: mark.window, kind: mark.kind, label: markerLabel(mark) }))
    .sort((a, b) => a.window - b.window);
  const markers = withoutRepeatedLabels(recorded);
  if (headline.recoveredAt !== null) {
    markers.push({
      window: headline.recoveredAt,
      kind: 'recovered',
      label: MARK_LABELS.recovered,
      labelled: true,
    });
  }
  const burn = burnSeries(counts, slo);
  const fired = (pick: (point: (typeof burn)[number]) => boolean) => {
    const index = burn.findIndex(pick);
    return index === -1 ? null : frames[index]!.window;
  };
  const longs = burn.map((point) => point.fastLong ?? 0);
  return {
    frames,
    bands: bands.filter((band) => band.to >= first),
    burn,
    peakBurn: longs.length > 0 ? Math.max(...longs) : null,
    fastFiredAt: fired((point) => point.fastFiring),
    slowFiredAt: fired((point) => point.slowFiring),
    markers,
    headline,
    faultStart,
  };
}

/** A lab minute as m:ss from the start of the run. */
export function minuteLabel(window: number): string {
  return `${window * MINUTES_PER_WINDOW} min`;
}
