import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lints `code` as if it were a component at `filePath` and returns the failing rules' ids. */
async function failingRules(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? '');
}

describe('model text is rendered as text only', () => {
  it('fails a component that renders a string as HTML', async () => {
    const code = [
      '<script lang="ts">',
      '  let { rootCause }: { rootCause: string } = $props();',
      '</script>',
      '',
      '<div>{@html rootCause}</div>',
      '',
    ].join('\n');
    expect(await failingRules(code, 'src/components/reasoning/Probe.svelte')).toContain(
      'svelte/no-at-html-tags',
    );
  });

  it('passes the same component rendering the string as text', async () => {
    const code = [
      '<script lang="ts">',
      '  let { rootCause }: { rootCause: string } = $props();',
      '</script>',
      '',
      '<div>{rootCause}</div>',
      '',
    ].join('\n');
    expect(await failingRules(code, 'src/components/reasoning/Probe.svelte')).toEqual([]);
  });
});
