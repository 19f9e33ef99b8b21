// Lint: typescript-eslint's recommended rules plus the architecture's boundaries. The engine and
// src/shared know no Electron (they run under Node in tests, the CLI and browser mode); src/shared
// also runs in the renderer, so it may not touch Node builtins; and only the renderer may use the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'events', 'module', 'process', 'buffer', 'readline', 'timers', 'perf_hooks', 'v8', 'vm', 'tls', 'dns', 'assert'];
const nodeBuiltinPatterns = [{ group: ['node:*', ...NODE_BUILTINS, ...NODE_BUILTINS.map((b) => `${b}/*`)], message: 'src/shared runs in the renderer too: no Node builtins here.' }];
const electronPattern = { group: ['electron', 'electron/*', '@electron/*'], message: 'The engine and src/shared know no Electron: keep Electron in src/main and src/preload.' };
const rendererPattern = { group: ['**/renderer/**'], message: 'Engine code must not import the renderer.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'],
    languageOptions: { globals: { ...globals.node, window: 'off', document: 'off', localStorage: 'off', navigator: 'off' } },
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, rendererPattern] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, rendererPattern, ...nodeBuiltinPatterns] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, ...nodeBuiltinPatterns, { group: ['**/engine/**', '**/server/**', 'better-sqlite3'], message: 'The renderer reaches data only through the API client.' }] }] },
  },
);
