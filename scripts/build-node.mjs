// Bundles the Node side (CLI, workers, browser-mode server, bench) into out/node with esbuild.
// Dependencies stay external: better-sqlite3 is native and the rest resolve from node_modules.
// Code splitting: each `import()` (the CLI's commands, the engine behind them) becomes a chunk in
// out/node/chunks, so `tierdesk --help` loads a few kilobytes instead of the whole engine; the entry
// files keep their names (out/node/cli.mjs, worker.mjs, simulation.mjs, bench.mjs).
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

// `--outdir DIR` (tests) builds somewhere else than out/node.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'out/node';

const entries = {
  cli: 'src/cli/main.ts',
  worker: 'src/engine/worker/entry.ts',
  simulation: 'src/engine/worker/simulationEntry.ts',
  bench: 'scripts/bench.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, f]) => existsSync(f)));

// Chunk names carry a content hash: drop the old ones so they do not pile up.
rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true });

await build({
  entryPoints,
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
