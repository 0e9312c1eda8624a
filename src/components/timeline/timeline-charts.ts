import type { ChartData, ChartOptions } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { CHART_COLORS } from '../charts/chart-setup';
import type { TimelineMarker, TimelineView } from './timeline-view';

/** Annotations by id, as chartjs-plugin-annotation takes them. */
export type Annotations = Record<string, AnnotationOptions>;

const MARKER_COLORS: Record<TimelineMarker['kind'], string> = {
  detected: CHART_COLORS.orange,
  executed: CHART_COLORS.blue,
  rolled_back: CHART_COLORS.red,
  unwound: CHART_COLORS.purple,
  recovered: CHART_COLORS.green,
};

/**
 * Success of the world and of its fault-free twin, in %, by lab minute, and the SLO's entry in the
 * legend (its line is an annotation; a label on the line would sit under the markers' labels).
 */
export function successData(view: TimelineView, slo: number): ChartData<'line'> {
  return {
    datasets: [
      {
        label: 'Success %',
        data: view.frames.map((f) => ({ x: f.window, y: f.snapshot.successRate * 100 })),
        borderColor: CHART_COLORS.blue,
        backgroundColor: CHART_COLORS.blue,
        pointRadius: 0,
        borderWidth: 2,
      },
      {
        label: 'Healthy twin %',
        data: view.frames.map((f) => ({ x: f.window, y: f.baseline.successRate * 100 })),
        borderColor: CHART_COLORS.grey,
        backgroundColor: CHART_COLORS.grey,
        borderDash: [4, 4],
        pointRadius: 0,
        borderWidth: 1,
      },
      {
        label: `SLO ${(slo * 100).toFixed(1)} %`,
        data: [],
        borderColor: CHART_COLORS.green,
        backgroundColor: CHART_COLORS.green,
        borderDash: [6, 3],
        pointRadius: 0,
        borderWidth: 1,
      },
    ],
  };
}

/** The 1 h and 6 h burn rates (the alerts' long windows), by lab minute. */
export function burnData(view: TimelineView): ChartData<'line'> {
  const line = (label: string, color: string, pick: (i: number) => number | null) => ({
    label,
    data: view.frames.map((f, i) => ({ x: f.window, y: pick(i) ?? 0 })),
    borderColor: color,
    backgroundColor: color,
    pointRadius: 0,
    borderWidth: 2,
  });
  return {
    datasets: [
      line('Burn over 1 h (5 windows)', CHART_COLORS.red, (i) => view.burn[i]!.fastLong),
      line('Burn over 6 h (30 windows)', CHART_COLORS.orange, (i) => view.burn[i]!.slowLong),
    ],
  };
}

/** Timeouts (share of attempts) apart from the latency of the attempts that completed. */
export function timeoutData(view: TimelineView): ChartData<'line'> {
  return {
    datasets: [
      {
        label: 'Timeouts %',
        data: view.frames.map((f) => ({ x: f.window, y: (f.snapshot.timeoutShare ?? 0) * 100 })),
        borderColor: CHART_COLORS.red,
        backgroundColor: CHART_COLORS.red,
        pointRadius: 0,
        borderWidth: 2,
        yAxisID: 'y',
      },
      {
        label: 'Completed p99 ms',
        data: view.frames.map((f) => ({
          x: f.window,
          y: f.snapshot.completedLatency?.p99 ?? f.snapshot.latency.p99,
        })),
        borderColor: CHART_COLORS.teal,
        backgroundColor: CHART_COLORS.teal,
        pointRadius: 0,
        borderWidth: 2,
        yAxisID: 'latency',
      },
    ],
  };
}

/** The fault bands as boxes across the chart, labelled with what changed. */
function bandAnnotations(view: TimelineView): Annotations {
  const out: Annotations = {};
  view.bands.forEach((band, i) => {
    out[`band${i}`] = {
      type: 'box',
      xMin: band.from - 0.5,
      xMax: band.to + 0.5,
      backgroundColor: 'rgba(239, 68, 68, 0.10)',
      borderWidth: 0,
      label: {
        display: true,
        content: band.label,
        // Along the bottom: the markers' labels sit at the top, the success line near it.
        position: { x: 'start', y: 'end' },
        yAdjust: -i * 14,
        color: CHART_COLORS.red,
        font: { size: 10 },
      },
    };
  });
  return out;
}

/** A vertical line at `window`. */
function vertical(window: number, color: string, label: string, dash: number[] = []) {
  return {
    type: 'line' as const,
    xMin: window,
    xMax: window,
    borderColor: color,
    borderWidth: 2,
    borderDash: dash,
    label: {
      display: label !== '',
      content: label,
      position: 'end' as const,
      backgroundColor: color,
      color: '#ffffff',
      font: { size: 10 },
    },
  };
}

/** Bands, the SLO line, the markers and the selected window on the success chart. */
export function successAnnotations(
  view: TimelineView,
  slo: number,
  selected: number | null,
): Annotations {
  const out = bandAnnotations(view);
  out.slo = {
    type: 'line',
    yMin: slo * 100,
    yMax: slo * 100,
    borderColor: CHART_COLORS.green,
    borderWidth: 1,
    borderDash: [6, 3],
  };
  view.markers.forEach((marker, i) => {
    out[`mark${i}`] = vertical(
      marker.window,
      MARKER_COLORS[marker.kind],
      marker.labelled ? marker.label : '',
    );
  });
  if (selected !== null) out.selected = vertical(selected, CHART_COLORS.grey, '', [2, 2]);
  return out;
}

/** The alerts' thresholds and the windows each alert fires, on the burn-rate chart. */
export function burnAnnotations(view: TimelineView): Annotations {
  const out: Annotations = {
    fast: {
      type: 'line',
      yMin: 14.4,
      yMax: 14.4,
      borderColor: CHART_COLORS.red,
      borderDash: [6, 3],
      borderWidth: 1,
    },
    slow: {
      type: 'line',
      yMin: 6,
      yMax: 6,
      borderColor: CHART_COLORS.orange,
      borderDash: [6, 3],
      borderWidth: 1,
    },
  };
  // Contiguous windows of one alert firing make one box: fewer annotations to lay out per tick.
  let run: { from: number; to: number; fast: boolean } | null = null;
  const close = () => {
    if (!run) return;
    out[`fire${run.from}`] = {
      type: 'box',
      xMin: run.from - 0.5,
      xMax: run.to + 0.5,
      backgroundColor: run.fast ? 'rgba(239, 68, 68, 0.18)' : 'rgba(245, 158, 11, 0.18)',
      borderWidth: 0,
    };
    run = null;
  };
  view.frames.forEach((frame, i) => {
    const point = view.burn[i]!;
    const firing = point.fastFiring || point.slowFiring;
    if (!firing || (run && run.fast !== point.fastFiring)) close();
    if (!firing) return;
    if (run) run.to = frame.window;
    else run = { from: frame.window, to: frame.window, fast: point.fastFiring };
  });
  close();
  return out;
}

/** The x-axis every timeline chart shares: lab minutes; its range follows the kept windows. */
const MINUTES_AXIS = {
  type: 'linear' as const,
  min: -0.5,
  max: 10.5,
  title: { display: true, text: 'Lab minutes' },
  // The axis is padded half a window each side; only whole minutes get a tick label.
  ticks: {
    callback: (value: string | number) => (Number.isInteger(value) ? value : ''),
    // No label rotation to measure on every update: the labels are short.
    minRotation: 0,
    maxRotation: 0,
  },
};

/** Options of one timeline chart; the y-axes differ, the x-axis is the lab's clock. */
export function chartOptions(y: Record<string, object>): ChartOptions<'line'> {
  return {
    scales: { x: { ...MINUTES_AXIS }, ...y },
    // The points are {x, y} numbers already, sorted by x: chart.js need not parse or sort them.
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: { annotation: { annotations: {} }, legend: { labels: { boxWidth: 12 } } },
  };
}
