/**
 * The Observation a policy is shown, built from what the page and the command line keep: the last
 * few windows, the baseline, the live control plane, the actions in force and the notifications sent
 * in those windows. Never the scenario.
 */
import {
  MAX_OBSERVED_ACTIONS,
  MAX_OBSERVED_WINDOWS,
  ObservationSchema,
  parseContract,
  type ControlPlane,
  type MetricsSnapshot,
  type NoticeView,
  type Observation,
  type ObservedWindow,
} from '../../contracts';
import { toActiveActionView, type ActiveAction } from './active-action';
import { noticesInView } from './notices';

/**
 * The observed windows after window `window` showed `metrics`: a window seen again (the world
 * changed before the clock moved on) replaces its earlier sight, windows from a clock that went
 * back are forgotten, and only the last MAX_OBSERVED_WINDOWS are kept, oldest first.
 */
export function observeWindow(
  windows: readonly ObservedWindow[],
  window: number,
  metrics: MetricsSnapshot,
): ObservedWindow[] {
  const earlier = windows.filter((w) => w.window < window);
  return [...earlier, { window, metrics }].slice(-MAX_OBSERVED_WINDOWS);
}

/**
 * The Observation of the live state, checked against its contract: the windows (the last is the
 * current one), the baseline, the control plane, the newest MAX_OBSERVED_ACTIONS in force and the
 * notices sent in the windows shown.
 */
export function buildObservation(input: {
  windows: readonly ObservedWindow[];
  baselineMetrics: MetricsSnapshot;
  controlPlane: ControlPlane;
  activeActions: readonly ActiveAction[];
  notices?: readonly NoticeView[];
}): Observation {
  const windows = input.windows.slice(-MAX_OBSERVED_WINDOWS);
  const first = windows[0]?.window ?? 0;
  const last = windows[windows.length - 1]?.window ?? 0;
  const notices = noticesInView(input.notices ?? [], first, last);
  return parseContract(
    ObservationSchema,
    {
      windows,
      baselineMetrics: input.baselineMetrics,
      controlPlane: input.controlPlane,
      activeActions: input.activeActions.slice(-MAX_OBSERVED_ACTIONS).map(toActiveActionView),
      ...(notices.length > 0 ? { notices } : {}),
    },
    'observation',
  );
}
