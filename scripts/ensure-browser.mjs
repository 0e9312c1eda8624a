// Makes sure a Chromium exists before the browser tests start: uses one that is installed, else
// tries Playwright's own download once, else stops with one line saying how to get one.
import { spawnSync } from 'node:child_process';
import { findChromium, NO_BROWSER_MESSAGE } from './browser.mjs';

let browser = await findChromium();
if (!browser && !process.env.CHROMIUM_PATH) {
  console.log('No system Chromium found; trying `npx playwright install chromium` once…');
  spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  browser = await findChromium();
}
if (!browser) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
console.log(`Browser tests use ${browser}`);
