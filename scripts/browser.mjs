// Finds the Chromium the browser tests drive: a path from the environment, Debian's chromium,
// or Playwright's own download, in that order.
import { existsSync } from 'node:fs';

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** @returns {string | null} the executable to launch, or null when no Chromium is installed. */
export async function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const candidate of SYSTEM_CANDIDATES) if (existsSync(candidate)) return candidate;
  try {
    const { chromium } = await import('@playwright/test');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own registered; fall through.
  }
  return null;
}

/** One line telling a person how to get a browser. */
export const NO_BROWSER_MESSAGE =
  'No Chromium for the browser tests: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.';
