/**
 * The evaluation's browser figure for `npm run bench:browser`: the page's Evaluate panel runs the
 * default evaluation (10 seeds, K = 20, every policy, both sets and the staged incident table) in
 * its pool of evaluation workers, timed against the command line doing the same work on the same
 * machine. Runs alternate (command line, page, command line, page) so both meet the same load;
 * figures are medians of RUNS runs each.
 */
import { spawn } from 'node:child_process';
import type { Browser } from '@playwright/test';
import { STAGED_POLICIES } from '../domain/evaluation/incident-stages-policies';
import { PRESET_SCRIPTS } from '../domain/scenarios/preset-scripts';
import { median, observeLongTasks, round, type Figure } from './bench-browser-history';

const RUNS = 2;
/** Decision seeds, as the command line's default. */
const SEEDS = 10;
/**
 * The panel cannot skip the learning curve (10 cycles at least), so both sides run its 10 cycles
 * per arm: a fraction of a second beside the cases.
 */
const CYCLES = 10;
/** Rows of the staged table: every preset script with every staged policy. */
const STAGED_ROWS = PRESET_SCRIPTS.length * STAGED_POLICIES.length;

/** Seconds the whole `npm run evaluate` takes with the same work as the page, from spawn to exit. */
function cliSeconds(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'npx',
      ['tsx', 'src/cli/evaluate.ts', '--seeds', String(SEEDS), '--cycles', String(CYCLES)],
      { stdio: 'ignore' },
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`npm run evaluate exited with ${code}`));
    });
  });
}

/**
 * One evaluation in a fresh page: seconds the panel reports for the run (from the click to the
 * report, worker start-up included), its workers, and the main thread's long tasks meanwhile.
 */
async function pageRun(browser: Browser, origin: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await observeLongTasks(page);
  await page.goto(origin);
  await page.getByTestId('selected-action-type').waitFor();
  const panel = page.getByRole('region', { name: 'Evaluate agent' });
  await panel.getByLabel('Seeds per situation').fill(String(SEEDS));
  await panel.getByLabel('Learning-curve cycles').fill(String(CYCLES));
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks = [];
  });
  await panel.getByRole('button', { name: 'Evaluate agent' }).click();
  const summary = panel.getByTestId('evaluation-summary');
  await summary.waitFor({ timeout: 600_000 });
  const text = ((await summary.textContent()) ?? '').replace(/\s+/g, ' ');
  const seconds = Number(/ in (\d+(?:\.\d+)?) s/.exec(text)?.[1] ?? NaN);
  const rows = await panel.getByTestId('incident-stage-table').getByRole('row').count();
  const workers = await page.evaluate(() => navigator.hardwareConcurrency);
  const longTasks = await page.evaluate(
    () => (window as unknown as { __longTasks: number[] }).__longTasks.filter((d) => d > 50).length,
  );
  await context.close();
  if (!Number.isFinite(seconds)) throw new Error(`The panel did not say how long it took: ${text}`);
  if (!text.includes(`(${SEEDS} seeds × 36 situations)`) || rows !== 1 + STAGED_ROWS)
    throw new Error(
      `The page ran other work than the command line: "${text}", ${rows} staged rows`,
    );
  return { seconds, workers, longTasks };
}

/** The browser pool's figures: its time, the command line's, and their ratio (target ≤ 1.3). */
export async function evaluationFigures(browser: Browser, origin: string): Promise<Figure[]> {
  const cli: number[] = [];
  const pages: Awaited<ReturnType<typeof pageRun>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    cli.push(await cliSeconds());
    pages.push(await pageRun(browser, origin));
  }
  const browserSeconds = pages.map((p) => p.seconds);
  const list = (values: number[]) => values.map((v) => round(v)).join(', ');
  const ratio = median(browserSeconds) / median(cli);
  return [
    {
      name: 'evaluation_browser_s',
      value: round(median(browserSeconds)),
      unit: 's',
      note: `the panel's evaluation (${SEEDS} seeds, K = 20, both sets, staged table, ${CYCLES} cycles) in ${pages[0]!.workers} workers (${list(browserSeconds)})`,
    },
    {
      name: 'evaluation_cli_s',
      value: round(median(cli)),
      unit: 's',
      note: `npm run evaluate -- --seeds ${SEEDS} --cycles ${CYCLES}, the same work, whole command (${list(cli)})`,
    },
    {
      name: 'evaluation_browser_vs_cli',
      value: round(ratio, 2),
      unit: '×',
      note: 'browser median / command-line median; target ≤ 1.3',
    },
    {
      name: 'evaluation_long_tasks_over_50ms',
      value: median(pages.map((p) => p.longTasks)),
      unit: 'tasks',
      note: `main-thread long tasks while the page evaluated (${pages.map((p) => p.longTasks).join(', ')})`,
    },
  ];
}
