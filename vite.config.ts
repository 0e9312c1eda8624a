import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy } from './scripts/content-security-policy.mjs';

// Relative base: the static build works when served from any sub-path.
export default defineConfig({
  base: './',
  plugins: [svelte(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup/console-guard.ts'],
    // Compile-time tests of the contracts' inferred types (expectTypeOf in *.test-d.ts).
    typecheck: {
      enabled: true,
      include: ['tests/unit/**/*.test-d.ts'],
      tsconfig: './tsconfig.node.json',
    },
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
    // Generous: the CLI tests start tsx processes, and a loaded machine must not fail them.
    testTimeout: 120_000,
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
