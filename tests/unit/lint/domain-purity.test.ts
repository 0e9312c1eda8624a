import { describe, expect, it } from 'vitest';
import { lint } from '../support/lint-probe';

describe('the domain purity rule', () => {
  it('fails Math.random() in src/domain', async () => {
    const messages = await lint(
      'export const roll = (): number => Math.random();\n',
      'src/domain/simulation/probe.ts',
    );
    expect(messages).toEqual([expect.stringContaining('seeded Random')]);
  });

  it('fails document, window and self in src/domain', async () => {
    const messages = await lint(
      'export const title = (): string => document.title + String(window.length) + String(self);\n',
      'src/domain/probe.ts',
    );
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).toContain('src/domain must stay pure');
  });

  it('fails reading the clock in src/domain', async () => {
    const messages = await lint(
      'export const a = (): number => Date.now();\nexport const b = (): Date => new Date();\n',
      'src/domain/probe.ts',
    );
    expect(messages).toHaveLength(2);
    expect(messages.join(' ')).toMatch(/time in as an argument/);
  });

  it('fails imports of svelte, comlink, idb, chart.js and services in src/domain', async () => {
    const code = [
      "import { mount } from 'svelte';",
      "import { wrap } from 'comlink';",
      "import { openDB } from 'idb';",
      "import { Chart } from 'chart.js';",
      "import { simulatorClient } from '../services/simulator-client';",
      'export const all = [mount, wrap, openDB, Chart, simulatorClient];',
      '',
    ].join('\n');
    const messages = await lint(code, 'src/domain/probe.ts');
    expect(messages).toHaveLength(5);
  });

  it('allows the same code outside src/domain, and pure code inside it', async () => {
    expect(
      await lint('export const roll = (): number => Math.random();\n', 'src/services/probe.ts'),
    ).toEqual([]);
    expect(
      await lint(
        "import { Random } from './random';\nexport const roll = (r: Random): number => r.next();\n",
        'src/domain/probe.ts',
      ),
    ).toEqual([]);
  });
});
