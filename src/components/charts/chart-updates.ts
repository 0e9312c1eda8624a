/** Chart updates waiting for a frame, by chart: a newer update replaces an older one. */
const queue = new Map<object, () => void>();
let scheduled = false;

/** Time a frame may spend on chart updates before the rest wait for the next frame. */
const FRAME_BUDGET_MS = 8;

/** Runs queued updates until the frame's budget is spent, then asks for another frame. */
function flush(): void {
  scheduled = false;
  const started = performance.now();
  for (const [chart, update] of queue) {
    queue.delete(chart);
    update();
    if (performance.now() - started > FRAME_BUDGET_MS) break;
  }
  if (queue.size > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}

/**
 * Queues a chart's redraw for an animation frame. A tick of the clock changes several charts at
 * once; drawn one frame at a time they never add up to one long task, and a chart changed twice
 * before its frame is drawn once.
 */
export function updateInFrame(chart: object, update: () => void): void {
  queue.set(chart, update);
  schedule();
}

/** Drops a chart's queued redraw (the chart is being destroyed). */
export function cancelUpdate(chart: object): void {
  queue.delete(chart);
}
