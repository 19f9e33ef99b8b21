#!/usr/bin/env node
// The `tierdesk` command. `npm ci` builds what it runs (the `prepare` script); when a build is missing
// anyway (installed with --ignore-scripts, out/ deleted) it is made here on first use, with one line
// saying so: the CLI bundle for every command, the console's pages for `serve`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../out/node/cli.mjs', import.meta.url));
const argv = process.argv.slice(2);
const steps = [];
if (!existsSync(cli)) steps.push(['the command line', ['scripts/build-node.mjs']]);
if (argv[0] === 'serve' && !argv.includes('--help') && !existsSync(new URL('../out/renderer/index.html', import.meta.url)))
  steps.push(['the console (browser mode pages)', ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn']]);
if (steps.length > 0) {
  const { spawnSync } = await import('node:child_process');
  for (const [what, args] of steps) {
    process.stderr.write(`tierdesk: building ${what} (first use, this takes a few seconds) …\n`);
    if (!existsSync(new URL(`../${args[0]}`, import.meta.url))) {
      process.stderr.write(`tierdesk: cannot build: ${args[0]} is missing; run "npm ci" in ${root}\n`);
      process.exit(70);
    }
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) {
      process.stderr.write(`tierdesk: the build failed (node ${args.join(' ')} in ${root}); see the errors above\n`);
      process.exit(70);
    }
  }
}
const { main } = await import(new URL('../out/node/cli.mjs', import.meta.url).href);
await main(argv);
