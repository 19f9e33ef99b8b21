#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/node/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('tierdesk: not built yet; run "npm run build:node" in the project folder\n');
  process.exit(70);
}
const { main } = await import(cli);
await main(process.argv.slice(2));
