import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './scripts/browser.mjs';
import { LEARNING_HISTORY_FORMAT } from './src/contracts';
import { makeRecord, T0 } from './tests/unit/support/factories';

const PORT = 4218;
const server = spawn('npx', ['vite', 'preview', '--outDir', '/tmp/dist-diag-ip', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
const browser = await chromium.launch({ executablePath: (await findChromium())!, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (let i = 0; i < 50; i++) { if (await fetch(`http://127.0.0.1:${PORT}/`).then(r => r.ok, () => false)) break; await new Promise(r => setTimeout(r, 200)); }
  const template = makeRecord({ recordedAt: T0 });
  const count = 10000;
  const records = Array.from({ length: count }, (_, i) => ({ ...template, id: `bulk-${i}`, recordedAt: T0 + i }));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as any).__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) (window as any).__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByTestId('selected-action-type').waitFor();
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  for (const phase of ['import', 'reload', 'export']) {
    await page.evaluate(() => ((window as any).__lt = []));
    await cdp.send('Profiler.start');
    let t = Date.now();
    if (phase === 'export') {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history' }).click()]);
      await d.path();
    } else if (phase === 'import') {
      await page.getByLabel('Import history').setInputFiles('/tmp/diag-10k.json');
      await page.getByTestId('history-status').filter({ hasText: `Imported ${count}` }).waitFor({ timeout: 300000 });
    } else {
      await page.reload();
      await page.getByTestId('outcome-count').filter({ hasText: `${count} outcomes stored` }).waitFor({ timeout: 300000 });
    }
    const ms = Date.now() - t;
    const { profile } = await cdp.send('Profiler.stop');
    const lt = await page.evaluate(() => (window as any).__lt);
    // self time per function
    const dt = new Map<number, number>();
    profile.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
    const self = new Map<string, number>();
    for (const n of profile.nodes) {
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(phase, ms, 'ms; long tasks', JSON.stringify(lt));
    for (const [k, v] of top) console.log('  ', Math.round(v / 1000), 'ms', k);
  }
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
}
