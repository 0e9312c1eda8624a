/**
 * The lab's speed and memory figures: `npm run bench`. Each part of the lab contributes a
 * section; this runs them all, prints a table, and ends with one JSON line of every figure so
 * that runs can be compared by tools.
 */
import { evaluationSection, executionSection } from './bench/evaluation';
import type { BenchFigure, BenchSection } from './bench/measure';
import { reasoningSection } from './bench/reasoning';
import { simulatorSection } from './bench/simulator';

/** Every section, run in order; add a section here to add its figures to the bench. */
const SECTIONS: readonly BenchSection[] = [
  simulatorSection,
  reasoningSection,
  executionSection,
  evaluationSection,
];

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en') : String(value);
}

async function main(): Promise<void> {
  const all: Record<string, number> = {};
  const rows: string[][] = [['section', 'figure', 'value', 'unit', 'how']];
  for (const section of SECTIONS) {
    const figures: BenchFigure[] = await section.run();
    for (const figure of figures) {
      all[figure.name] = figure.value;
      rows.push([
        section.name,
        figure.name,
        formatValue(figure.value),
        figure.unit,
        figure.note ?? '',
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}\n`);
  }
  process.stdout.write(`${JSON.stringify(all)}\n`);
}

await main();
