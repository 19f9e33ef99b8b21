// Lint: typescript-eslint's recommended rules plus the architecture's boundaries (docs/architecture.md).
// The layers are enforced here, not only described: import-x resolves every import (the @shared alias
// included) and refuses a circle or an import across a layer's fence. Type-only imports are written
// `import type` (verbatimModuleSyntax) and are no edge; every other import, dynamic import() included, is.
// The engine and src/shared know no Electron (they run under Node in tests, the CLI and browser mode);
// src/shared also runs in the renderer, so it may not touch Node builtins; and only the renderer may use the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'zlib',
  'events',
  'module',
  'process',
  'buffer',
  'readline',
  'timers',
  'perf_hooks',
  'v8',
  'vm',
  'tls',
  'dns',
  'assert',
];
const nodeBuiltinPatterns = [
  {
    group: ['node:*', ...NODE_BUILTINS, ...NODE_BUILTINS.map((b) => `${b}/*`)],
    message: 'src/shared runs in the renderer too: no Node builtins here.',
  },
];
const electronPattern = {
  group: ['electron', 'electron/*', '@electron/*'],
  message: 'The engine and src/shared know no Electron: keep Electron in src/main and src/preload.',
};
// Which layer may import which (paths from the repository root). A zone forbids `target` to import `from`.
const SRC = ['shared', 'engine', 'server', 'cli', 'main', 'preload', 'renderer'];
const onlyFrom = (layer, allowed) => ({
  target: `./src/${layer}`,
  from: SRC.filter((l) => !allowed.includes(l)).map((l) => `./src/${l}`),
  message: `src/${layer} may import only ${allowed.map((l) => `src/${l}`).join(', ')} (docs/architecture.md, "Layers").`,
});
const LAYER_ZONES = [
  onlyFrom('shared', ['shared']),
  onlyFrom('engine', ['shared', 'engine']),
  onlyFrom('server', ['shared', 'engine', 'server']),
  onlyFrom('cli', ['shared', 'engine', 'server', 'cli']),
  onlyFrom('main', ['shared', 'engine', 'server', 'main']),
  onlyFrom('preload', ['shared', 'preload']),
  onlyFrom('renderer', ['shared', 'renderer']),
];
const rendererPattern = { group: ['**/renderer/**'], message: 'Engine code must not import the renderer.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false }],
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            ...nodeBuiltinPatterns,
            {
              group: ['**/engine/**', '**/server/**', 'better-sqlite3'],
              message: 'The renderer reaches data only through the API client.',
            },
          ],
        },
      ],
    },
  },
);
