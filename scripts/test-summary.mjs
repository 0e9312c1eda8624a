// Sums the unit (vitest) and browser (Playwright) results from their JSON reporters into the
// single closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

function read(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const notes = [];

const unit = read('test-results/unit.json');
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
  notes.push(`unit: ${unit.numPassedTests ?? 0} passed, ${unit.numFailedTests ?? 0} failed`);
} else {
  notes.push('unit: no results (the unit tests did not run)');
}

const e2e = read('test-results/e2e.json');
if (e2e?.stats) {
  const ok = (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  const bad = e2e.stats.unexpected ?? 0;
  passed += ok;
  failed += bad;
  notes.push(`browser: ${ok} passed, ${bad} failed`);
} else {
  notes.push('browser: no results (the browser tests did not run)');
}

console.log(notes.join('; '));
console.log(`${passed} passed, ${failed} failed`);
