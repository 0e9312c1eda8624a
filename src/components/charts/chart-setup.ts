import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';

// Register only what the lab draws, so the bundle carries no unused chart types.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  // Fault bands, the SLO line and the timeline's markers follow the axes as annotations.
  annotationPlugin,
);

/** Colours that read on both the light and the dark theme. */
export const CHART_COLORS = {
  blue: '#3b82f6',
  orange: '#f59e0b',
  green: '#22c55e',
  red: '#ef4444',
  purple: '#a855f7',
  grey: '#94a3b8',
  teal: '#14b8a6',
  pink: '#ec4899',
};

/** The text and grid colours of the current theme, read from the page's CSS variables. */
export function themeColors(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--muted').trim() || '#59636e',
    grid: style.getPropertyValue('--border').trim() || '#d0d7de',
  };
}

export { Chart };
