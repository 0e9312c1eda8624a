/**
 * What the engine may see, resolved from its input: the current window, the baseline, the windows
 * before (oldest first), the live control plane and the actions in force. Callers that pass only
 * currentMetrics and baselineMetrics get a view of one window and the default plane.
 */
import {
  DEFAULT_CONTROL_PLANE,
  type ActiveActionView,
  type ControlPlane,
  type MetricsSnapshot,
  type NoticeView,
  type ReasoningInput,
} from '../../contracts';
import { noticesInView } from '../execution/notices';

/** The engine's view of the world: only what a production router sees. */
export interface ObservedView {
  current: MetricsSnapshot;
  baseline: MetricsSnapshot;
  /** Every window shown, oldest first; the last is `current`. */
  windows: MetricsSnapshot[];
  /** The live control plane (the default plane when the caller did not say). */
  controlPlane: ControlPlane;
  /** Whether the control plane was observed rather than assumed. */
  planeObserved: boolean;
  activeActions: ActiveActionView[];
  /** The current window's index on the lab's clock, when the observation gives it. */
  currentWindow?: number;
  /** The notifications sent in the windows shown (a notice from outside them is not in view). */
  notices: NoticeView[];
}

/** Resolves the view from a reasoning input; throws a RangeError when it has neither form. */
export function observedView(input: ReasoningInput): ObservedView {
  const o = input.observation;
  if (o !== undefined) {
    const windows = o.windows.map((w) => w.metrics);
    const first = o.windows[0];
    const last = o.windows[o.windows.length - 1];
    if (first === undefined || last === undefined)
      throw new RangeError('observation.windows must hold a window');
    return {
      current: last.metrics,
      baseline: o.baselineMetrics,
      windows,
      controlPlane: o.controlPlane,
      planeObserved: true,
      activeActions: o.activeActions,
      currentWindow: last.window,
      notices: noticesInView(o.notices ?? [], first.window, last.window),
    };
  }
  if (input.currentMetrics === undefined || input.baselineMetrics === undefined)
    throw new RangeError(
      'reasoning input needs an observation, or currentMetrics and baselineMetrics',
    );
  return {
    current: input.currentMetrics,
    baseline: input.baselineMetrics,
    windows: [input.currentMetrics],
    controlPlane: DEFAULT_CONTROL_PLANE,
    planeObserved: false,
    activeActions: [],
    notices: [],
  };
}
