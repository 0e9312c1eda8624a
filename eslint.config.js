import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Globals that would make the domain impure: DOM, workers, storage, network, clocks. */
const impureGlobals = [
  'window',
  'document',
  'self',
  'globalThis',
  'navigator',
  'location',
  'history',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'Worker',
  'SharedWorker',
  'postMessage',
  'importScripts',
  'setTimeout',
  'setInterval',
  'requestAnimationFrame',
  'performance',
  'crypto',
  'process',
  'console',
].map((name) => ({
  name,
  message: 'src/domain must stay pure: pass effects, time and randomness in as arguments.',
}));

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'out/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // The domain is pure: it runs the same in the worker, in Node and in tests, from a seed.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['svelte', 'comlink', 'idb', 'chart.js', '@google/generative-ai'].map((name) => ({
            name,
            message: `src/domain may not import ${name}; it imports only src/contracts and itself.`,
          })),
          patterns: [
            {
              group: [
                'svelte/*',
                'chart.js/*',
                'node:*',
                'fs',
                'path',
                '**/services/**',
                '**/state/**',
                '**/components/**',
                '**/cli/**',
                '**/workers/**',
                '*.svelte',
              ],
              message: 'src/domain imports only src/contracts and itself.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded Random from src/domain/random.ts.',
        },
        { object: 'Date', property: 'now', message: 'Pass the time in as an argument.' },
        { object: 'performance', property: 'now', message: 'Pass the time in as an argument.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: 'src/domain may not read the clock: pass the time in as an argument.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'src/domain may not read the clock: pass the time in as an argument.',
        },
      ],
    },
  },
);
