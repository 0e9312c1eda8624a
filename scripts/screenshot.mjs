// Takes a full-page screenshot of the built site (served by `npm run preview`) for a visual check:
// node scripts/screenshot.mjs [url] [out.png] [width] [height] [colorScheme]
import { chromium } from '@playwright/test';
import { findChromium } from './browser.mjs';

const [
  url = 'http://127.0.0.1:4173/',
  out = 'out/screenshot.png',
  width = '1280',
  height = '800',
  scheme = 'light',
] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: (await findChromium()) ?? undefined,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({
  viewport: { width: Number(width), height: Number(height) },
  colorScheme: scheme,
});
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
page.on('pageerror', (e) => console.log('page error:', e.message));
await page.goto(url);
await page.waitForTimeout(2500);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`saved ${out}`);
