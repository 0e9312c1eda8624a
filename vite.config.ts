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
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
    testTimeout: 30_000,
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
