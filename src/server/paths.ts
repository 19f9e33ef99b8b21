import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder (where package.json of tierdesk is), found from a module's own URL so it works
 * from src/ under vitest and from the bundles in out/node alike.
 */
export function projectRoot(from: string | URL = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tierdesk') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the tierdesk project folder above ${fileURLToPath(from)}`);
    dir = up;
  }
}

export function nodePaths(root = projectRoot()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    root,
    version: pkg.version,
    rendererDir: path.join(root, 'out', 'renderer'),
    workerFile: path.join(root, 'out', 'node', 'worker.mjs'),
  };
}
