/**
 * The clock's browser figures for `npm run bench:browser`: frames a second while the lab plays
 * an incident at 4 windows a second with the agent on, while a slider is dragged during play and
 * while an evaluation runs beside it, plus the main thread's long tasks over 50 ms meanwhile. Medians of RUNS fresh pages.
 */
import type { Browser, Page } from '@playwright/test';
import { median, observeLongTasks, round } from './bench-browser-history';

const RUNS = 2;
const PLAY_MS = 5000;
const DRAG_MS = 2000;
/** Windows of the played script (issuer_degrades_then_clears). */
const SCRIPT_WINDOWS = 30;

/** One figure of the bench table. */
interface Figure {
  name: string;
  value: number;
  unit: string;
  note: string;
}

type Store = { __frames: number; __counting: number; __t0: number; __longTasks: number[] };

/**
 * Starts counting animation frames in the page (and forgets earlier long tasks). Passed as text:
 * the bench runs under tsx, whose helpers a function serialised into the page would not find.
 * Each count has its own number, so the last frame of an earlier count, still queued when the
 * next one starts, stops there instead of running on beside it and counting every frame twice.
 */
async function startCounting(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const store = window;
    const run = (store.__counting || 0) + 1;
    store.__frames = 0;
    store.__counting = run;
    store.__longTasks = [];
    store.__t0 = performance.now();
    function tick() {
      if (store.__counting !== run) return;
      store.__frames += 1;
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })()`);
}

/** Stops counting: frames a second since the start, and the long tasks over 50 ms. */
async function stopCounting(page: Page): Promise<{ fps: number; longTasks: number }> {
  return page.evaluate(() => {
    const store = window as unknown as Store;
    // A new number no tick waits for: the running count stops at its next frame.
    store.__counting += 1;
    const seconds = (performance.now() - store.__t0) / 1000;
    return {
      fps: store.__frames / seconds,
      longTasks: store.__longTasks.filter((duration) => duration > 50).length,
    };
  });
}

/** The window the clock will step next, read from the play bar. */
async function clockWindow(page: Page): Promise<number> {
  const text = (await page.getByTestId('clock-window').textContent()) ?? '';
  return Number(/Played (\d+)/.exec(text)?.[1] ?? 0);
}

/** Sweeps the Visa health slider back and forth for `ms`, about one move per frame. */
async function drag(page: Page, ms: number): Promise<void> {
  const box = (await page.getByRole('slider', { name: 'Visa health' }).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 3, y);
  await page.mouse.down();
  const started = Date.now();
  while (Date.now() - started < ms) {
    const phase = ((Date.now() - started) % 1000) / 1000;
    const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
    await page.mouse.move(box.x + 3 + (box.width - 6) * (1 - t), y);
  }
  await page.mouse.up();
}

/**
 * An operator in the page, every 100 ms: approves a decision that waits for a human, turns the
 * agent back on and presses Play again. The clock pauses for an approval and the agent stops at
 * one, so without it the figures would be those of a page standing still. Passed as text for the
 * same reason as startCounting.
 */
async function keepPlaying(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    setInterval(() => {
      for (const button of document.querySelectorAll('button')) {
        const text = (button.textContent || '').trim();
        if ((text === 'Approve' || text === 'Play') && !button.disabled) button.click();
      }
      for (const label of document.querySelectorAll('label')) {
        const input = label.querySelector('input[type=checkbox]');
        if (input && !input.checked && (label.textContent || '').trim() === 'Agent on') input.click();
      }
    }, 100);
  })()`);
}

/** Plays the Visa incident at 4 windows a second with the agent on, measuring, then drags. */
async function onePlay(browser: Browser, origin: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await observeLongTasks(page);
  await page.goto(origin);
  await page.getByTestId('selected-action-type').waitFor();
  const clock = page.getByRole('region', { name: 'Clock' });
  await clock.getByLabel('Incident script').selectOption('issuer_degrades_then_clears');
  await clock.getByLabel('Speed').selectOption('4');
  await clock.getByLabel('Agent on').check();
  await keepPlaying(page);
  await clock.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(500);
  const from = await clockWindow(page);
  await startCounting(page);
  await page.waitForTimeout(PLAY_MS);
  const play = await stopCounting(page);
  const windows = (await clockWindow(page)) - from;
  const beforeDrag = await clockWindow(page);
  await startCounting(page);
  await drag(page, DRAG_MS);
  const dragging = await stopCounting(page);
  const dragWindows = windowsBetween(beforeDrag, await clockWindow(page));
  // The evaluation's worker pool runs beside the clock: the page must keep its frames meanwhile.
  await page.getByRole('button', { name: 'Evaluate agent' }).click();
  await page.getByRole('button', { name: 'Cancel' }).waitFor();
  await page.waitForTimeout(500);
  const beforeBeside = await clockWindow(page);
  await startCounting(page);
  await page.waitForTimeout(PLAY_MS);
  const besideEvaluation = await stopCounting(page);
  const besideWindows = windowsBetween(beforeBeside, await clockWindow(page));
  const evaluationStillRunning = await page.getByRole('button', { name: 'Cancel' }).isVisible();
  await context.close();
  return {
    play,
    dragging,
    besideEvaluation,
    evaluationStillRunning,
    windowsPerSecond: windows / (PLAY_MS / 1000),
    dragWindowsPerSecond: dragWindows / (DRAG_MS / 1000),
    besideWindowsPerSecond: besideWindows / (PLAY_MS / 1000),
  };
}

/** Windows stepped from `from` to `to`, across the script's restart at its end (30 windows). */
function windowsBetween(from: number, to: number): number {
  return to >= from ? to - from : to + (SCRIPT_WINDOWS - from);
}

/** The play figures: medians of RUNS fresh pages. */
export async function playFigures(browser: Browser, origin: string): Promise<Figure[]> {
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await onePlay(browser, origin));
  const list = (values: number[]) => values.map((v) => round(v)).join(', ');
  const playFps = runs.map((r) => r.play.fps);
  const dragFps = runs.map((r) => r.dragging.fps);
  const playLong = runs.map((r) => r.play.longTasks + r.dragging.longTasks);
  const rate = runs.map((r) => r.windowsPerSecond);
  const dragRate = runs.map((r) => r.dragWindowsPerSecond);
  const besideRate = runs.map((r) => r.besideWindowsPerSecond);
  const besideFps = runs.map((r) => r.besideEvaluation.fps);
  const besideLong = runs.map((r) => r.besideEvaluation.longTasks);
  const whole = runs.every((r) => r.evaluationStillRunning)
    ? ''
    : '; the evaluation ended early in a run';
  return [
    {
      name: 'play_fps',
      value: round(median(playFps)),
      unit: 'fps',
      note: `frames a second over ${PLAY_MS / 1000} s of play at 4 windows/s, agent on (${list(playFps)}); target ≥ 55`,
    },
    {
      name: 'play_drag_fps',
      value: round(median(dragFps)),
      unit: 'fps',
      note: `frames a second during a ${DRAG_MS / 1000} s slider drag while playing (${list(dragFps)}); target ≥ 55`,
    },
    {
      name: 'play_long_tasks_over_50ms',
      value: median(playLong),
      unit: 'tasks',
      note: `main-thread long tasks during play and the drag (${playLong.join(', ')}); target 0`,
    },
    {
      name: 'play_beside_evaluation_fps',
      value: round(median(besideFps)),
      unit: 'fps',
      note: `frames a second over ${PLAY_MS / 1000} s of play while the Evaluate panel's run goes on (${list(besideFps)}; long tasks ${besideLong.join(', ')}${whole}); target ≥ 50`,
    },
    {
      name: 'play_windows_per_second',
      value: round(median(rate)),
      unit: 'windows/s',
      note: `windows the clock actually stepped a second at speed 4: playing ${list(rate)}; dragging ${list(dragRate)}; beside the evaluation ${list(besideRate)}`,
    },
  ];
}
