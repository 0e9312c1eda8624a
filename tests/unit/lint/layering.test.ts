import { describe, expect, it } from 'vitest';
import { lint } from '../support/lint-probe';

/** A module that imports `specifier` and uses it, so only the import rule can complain. */
const importing = (specifier: string): string =>
  `import * as m from '${specifier}';\nexport const used = m;\n`;

// Each row: a file of one layer, an import that reaches upwards (refused) and one that points
// downwards (allowed). Together they cover every arrow of components → state → services →
// workers → domain → contracts.
const ARROWS = [
  {
    file: 'src/contracts/probe.ts',
    refused: ['../domain/statistics', '../services/learning-store', '../state/lab.svelte', 'idb'],
    allowed: ['./common', 'zod'],
  },
  {
    file: 'workers/probe.worker.ts',
    refused: ['../src/services/executor', '../src/state/lab.svelte', 'idb'],
    allowed: ['../src/domain/reasoning', '../src/contracts/common', 'comlink'],
  },
  {
    file: 'src/services/probe.ts',
    refused: [
      '../state/lab.svelte',
      '../components/format',
      '../App.svelte',
      '../../workers/simulator.worker',
      'svelte',
    ],
    allowed: ['../domain/learning', '../contracts', './worker-client', 'idb'],
  },
  {
    file: 'src/state/probe.svelte.ts',
    refused: ['../components/format', '../App.svelte', '../cli/args'],
    allowed: ['../services/executor', '../domain/execution', './settings.svelte', 'svelte'],
  },
  {
    file: 'src/components/metrics/Probe.svelte.ts',
    refused: ['../../cli/args', '../../../workers/reasoning.worker'],
    allowed: ['../../state/lab.svelte', '../../services/executor', '../../domain/percent'],
  },
  {
    file: 'src/cli/probe.ts',
    refused: ['../state/lab.svelte', '../components/format', 'svelte'],
    allowed: ['../services/executor', '../domain/simulation', 'node:fs'],
  },
];

describe('the layering rules', () => {
  for (const arrow of ARROWS) {
    it(`refuse upward imports in ${arrow.file}`, async () => {
      for (const specifier of arrow.refused) {
        const messages = await lint(importing(specifier), arrow.file);
        expect(messages, specifier).toHaveLength(1);
        expect(messages[0], specifier).toMatch(/Imports point downwards only|is not for/);
      }
    });

    it(`allow downward imports in ${arrow.file}`, async () => {
      for (const specifier of arrow.allowed) {
        expect(await lint(importing(specifier), arrow.file), specifier).toEqual([]);
      }
    });
  }

  it('read the imports of a Svelte component too', async () => {
    const component = (specifier: string): string =>
      `<script lang="ts">\n  import * as m from '${specifier}';\n  const used = m;\n</script>\n\n<p>{used}</p>\n`;
    const file = 'src/components/metrics/Probe.svelte';
    expect(await lint(component('../../cli/args'), file)).toEqual([
      expect.stringContaining('Imports point downwards only'),
    ]);
    expect(await lint(component('../../state/lab.svelte'), file)).toEqual([]);
  });

  it('still refuse the domain anything but contracts and itself', async () => {
    const messages = await lint(importing('../state/lab.svelte'), 'src/domain/probe.ts');
    expect(messages).toEqual([expect.stringContaining('src/domain imports only src/contracts')]);
    expect(await lint(importing('../contracts'), 'src/domain/probe.ts')).toEqual([]);
  });
});
