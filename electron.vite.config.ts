import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// main: the Electron glue plus the engine workers (out/main/index.js, out/main/worker.js, out/main/simulation.js);
// preload: one sandbox-compatible CommonJS file with its imports bundled in (out/preload/index.cjs);
// renderer: src/renderer → out/renderer, the same files browser mode serves.
// src/shared is imported as @shared/… everywhere (tsconfig.base.json's paths): every bundle resolves it the same way.
const resolveShared = { alias: { '@shared': resolve('src/shared') } };

export default defineConfig({
  main: {
    resolve: resolveShared,
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          worker: resolve('src/engine/worker/entry.ts'),
          simulation: resolve('src/engine/worker/simulationEntry.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    resolve: resolveShared,
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: resolveShared,
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
