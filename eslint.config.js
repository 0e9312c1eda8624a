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

/**
 * The layering, top to bottom: components → state → services → (workers →) domain → contracts.
 * A layer may import any layer below it and none above; workers are started by services through
 * `new URL(…)`, never imported. `above` names the folders a layer must not reach.
 */
const LAYERS = [
  {
    name: 'src/contracts',
    files: ['src/contracts/**/*.ts'],
    above: ['domain', 'services', 'state', 'components', 'cli', 'workers'],
    packages: ['svelte', 'comlink', 'idb', 'chart.js', '@google/generative-ai'],
    rule: 'src/contracts imports nothing of the lab but itself (and zod)',
  },
  {
    name: 'workers',
    files: ['workers/**/*.ts'],
    above: ['services', 'state', 'components', 'cli'],
    packages: ['svelte', 'idb', 'chart.js', '@google/generative-ai'],
    rule: 'workers import only src/domain and src/contracts (and comlink)',
  },
  {
    name: 'src/services',
    files: ['src/services/**/*.ts'],
    above: ['state', 'components', 'cli', 'workers'],
    packages: ['svelte', 'chart.js'],
    rule: 'src/services may not import state, components, the CLI or a worker module',
  },
  {
    name: 'src/state',
    files: ['src/state/**/*.ts'],
    above: ['components', 'cli', 'workers'],
    packages: ['chart.js'],
    rule: 'src/state may not import components, the CLI or a worker module',
  },
  {
    name: 'src/components',
    files: ['src/components/**/*.ts', 'src/components/**/*.svelte'],
    above: ['cli', 'workers'],
    packages: [],
    rule: 'src/components may not import the CLI or a worker module',
  },
  {
    name: 'src/cli',
    files: ['src/cli/**/*.ts'],
    above: ['state', 'components', 'workers'],
    packages: ['svelte', 'chart.js'],
    rule: 'src/cli runs in Node: it may not import state, components or a worker module',
  },
];

/** The no-restricted-imports rule that keeps one layer from importing upwards. */
function layerRule(layer) {
  return {
    files: layer.files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: layer.packages.map((name) => ({
            name,
            message: `${layer.rule}; ${name} is not for ${layer.name}.`,
          })),
          patterns: [
            {
              group: [
                ...layer.above.map((folder) => `**/${folder}/**`),
                ...layer.above.map((folder) => `**/${folder}`),
                ...(layer.above.includes('components') ? ['**/App.svelte'] : []),
              ],
              message: `Imports point downwards only: ${layer.rule}.`,
            },
          ],
        },
      ],
    },
  };
}

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
  ...LAYERS.map(layerRule),
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
