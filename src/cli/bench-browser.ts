/**
 * The lab's browser figures: `npm run bench:browser` builds the site, serves it, and drives it in
 * Chromium: long tasks on the main thread during a two-second slider drag, and the learning
 * history importing, reading and exporting 10,000 and 50,000 records in real IndexedDB (see
 * bench-browser-history.ts), playing an incident (bench-browser-play.ts), and the default
 * evaluation in the page's worker pool against the command line (bench-browser-evaluation.ts).
 * Prints a table and ends with one JSON line of every figure.
 */
import { spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { findChromium, NO_BROWSER_MESSAGE } from '../../scripts/browser.mjs';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
  HEALTHY_SCENARIO,
  LEARNING_HISTORY_FORMAT,
  type LearningRecord,
} from '../contracts';
import { reason } from '../domain/reasoning';
import { simulatePair, simulateWindow } from '../domain/simulation';
import { executeDecision } from '../services/executor';
import { historyFigures, median, observeLongTasks, round } from './bench-browser-history';
import { evaluationFigures } from './bench-browser-evaluation';
import { playFigures } from './bench-browser-play';

// LAB_PORT lets two checkouts run the bench side by side on one machine.
const PORT = Number(process.env.LAB_PORT ?? 4179);
const ORIGIN = `http://127.0.0.1:${PORT}/`;
const RUNS = 3;
/**
 * Sections to run (LAB_BENCH_SECTIONS=drag,history,play,evaluation; default all), so one figure
 * can be re-measured without the half hour of the others.
 */
const SECTIONS = new Set(
  (process.env.LAB_BENCH_SECTIONS ?? 'drag,history,play,evaluation')
    .split(',')
    .map((s) => s.trim()),
);

/** One real executed record from the model, cloned into `count` distinct records. */
async function makeHistory(count: number): Promise<string> {
  const scenario = {
    ...HEALTHY_SCENARIO,
    issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 },
  };
  const now = 1_770_000_000_000;
  const pair = simulatePair(scenario, DEFAULT_CONTROL_PLANE, now);
  const result = reason({
    currentMetrics: pair.current,
    baselineMetrics: pair.baseline,
    learningContext: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now,
  });
  let record: LearningRecord | null = null;
  await executeDecision(
    {
      decision: result.decision,
      baselineMetrics: pair.current,
      scenario,
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActions: [],
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: { approved: true, at: now },
    },
    {
      simulateMany: async (requests) =>
        requests.map((r) => simulateWindow(r.scenario, r.controlPlane, r.timestamp)),
      record: async (r) => {
        record = r;
      },
      now: () => now,
      elapsed: () => 0,
    },
  );
  if (!record) throw new Error('The model produced no record to clone.');
  const base: LearningRecord = record;
  const records = Array.from({ length: count }, (_, i) => ({
    ...base,
    id: `${base.id}-${i}`,
    recordedAt: base.recordedAt + i,
    cycle: i + 1,
  }));
  return JSON.stringify({
    format: LEARNING_HISTORY_FORMAT,
    version: 1,
    exportedAt: now,
    records,
  });
}

/** Drags the Visa health slider back and forth for `ms` and returns the long tasks seen. */
async function dragLongTasks(page: Page, ms: number): Promise<{ tasks: number[]; moves: number }> {
  const slider = page.getByRole('slider', { name: 'Visa health' });
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 3, y);
  await page.mouse.down();
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks = [];
  });
  const started = Date.now();
  let moves = 0;
  while (Date.now() - started < ms) {
    // A smooth back-and-forth sweep across the slider, about one move per animation frame.
    const phase = ((Date.now() - started) % 1000) / 1000;
    const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
    await page.mouse.move(box.x + 3 + (box.width - 6) * (1 - t), y);
    moves += 1;
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  const tasks = await page.evaluate(
    () => (window as unknown as { __longTasks: number[] }).__longTasks,
  );
  return { tasks, moves };
}

async function main(): Promise<void> {
  const executablePath = await findChromium();
  if (!executablePath) {
    console.error(NO_BROWSER_MESSAGE);
    process.exit(1);
  }
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
  try {
    for (let i = 0; i < 50; i++) {
      const up = await fetch(ORIGIN).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const figures: { name: string; value: number; unit: string; note: string }[] = [];

    if (SECTIONS.has('drag')) {
      // Long tasks during a two-second drag, in a fresh page each run.
      const maxTask: number[] = [];
      const overFifty: number[] = [];
      const moveCounts: number[] = [];
      const firstWindow: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await observeLongTasks(page);
        const loadStarted = Date.now();
        await page.goto(ORIGIN);
        await page.getByTestId('metric-success-rate').waitFor();
        await page.getByTestId('selected-action-type').waitFor();
        firstWindow.push(Date.now() - loadStarted);
        await page.waitForTimeout(500);
        const { tasks, moves } = await dragLongTasks(page, 2000);
        maxTask.push(tasks.length ? Math.max(...tasks) : 0);
        overFifty.push(tasks.filter((t) => t > 50).length);
        moveCounts.push(moves);
        await context.close();
      }
      figures.push(
        {
          name: 'first_window_ms',
          value: median(firstWindow),
          unit: 'ms',
          note: `navigation until the first metrics and decision show; runs ${firstWindow.join(', ')}; target < 1000`,
        },
        {
          name: 'drag_long_tasks_over_50ms',
          value: median(overFifty),
          unit: 'tasks',
          note: `median of ${RUNS} two-second drags (${overFifty.join(', ')}); target 0`,
        },
        {
          name: 'drag_longest_task_ms',
          value: round(median(maxTask)),
          unit: 'ms',
          note: `median of ${RUNS} drags (${maxTask.map((v) => round(v)).join(', ')}); 0 = no task over 50 ms`,
        },
        {
          name: 'drag_pointer_moves',
          value: median(moveCounts),
          unit: 'moves',
          note: 'pointer moves per two-second drag',
        },
      );
    }

    if (SECTIONS.has('history'))
      figures.push(...(await historyFigures(browser, ORIGIN, makeHistory)));
    if (SECTIONS.has('play')) figures.push(...(await playFigures(browser, ORIGIN)));
    if (SECTIONS.has('evaluation')) figures.push(...(await evaluationFigures(browser, ORIGIN)));

    const rows = [
      ['figure', 'value', 'unit', 'how'],
      ...figures.map((f) => [f.name, String(f.value), f.unit, f.note]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    console.log(JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, f.value]))));
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

await main();
