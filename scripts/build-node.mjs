// Bundles the Node side (CLI, workers, browser-mode server, bench) into out/node with esbuild.
// Dependencies stay external: better-sqlite3 is native and the rest resolve from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  cli: 'src/cli/main.ts',
  worker: 'src/engine/worker/entry.ts',
  simulation: 'src/engine/worker/simulationEntry.ts',
  bench: 'scripts/bench.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, f]) => existsSync(f)));

await build({
  entryPoints,
  outdir: 'out/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
