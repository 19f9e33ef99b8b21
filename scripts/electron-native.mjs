// better-sqlite3 compiled for Electron's ABI, kept beside (never over) the Node build in
// node_modules/better-sqlite3 that the CLI and the tests load. Used by `npm start` (loaded through
// better-sqlite3's `nativeBinding` option) and by the packaging hook (copied into the app).
// Electron's headers come from the internet on first use; the result is cached in
// node_modules/.cache/tierdesk-electron/<electron version>-<platform>-<arch>/better_sqlite3.node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A reason Electron cannot be used here (shown to the user as one line). */
export class Refusal extends Error {}

export function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

export function electronNativeBinding({ version = electronVersion(), arch = process.arch, log = () => {} } = {}) {
  const target = path.join(root, 'node_modules/.cache/tierdesk-electron', `${version}-${process.platform}-${arch}`);
  const addon = path.join(target, 'better_sqlite3.node');
  if (fs.existsSync(addon)) return addon;
  const src = path.join(root, 'node_modules/better-sqlite3');
  const work = path.join(target, 'build-src');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const e of ['binding.gyp', 'package.json', 'src', 'deps']) fs.cpSync(path.join(src, e), path.join(work, e), { recursive: true });
  log(`building better-sqlite3 for Electron ${version} (${process.platform}-${arch}, once) …`);
  // npm exports npm_config_nodedir when the user config sets it (this machine points it at Node's
  // headers); drop it and its relatives so node-gyp builds against Electron's headers.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source)$/i.test(k)),
  );
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${version}`,
      `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers',
      `--devdir=${path.join(target, 'gyp')}`,
    ],
    { cwd: work, env, encoding: 'utf8', timeout: 900_000 },
  );
  const built = path.join(work, 'build/Release/better_sqlite3.node');
  if (r.status !== 0 || !fs.existsSync(built)) {
    fs.rmSync(work, { recursive: true, force: true });
    const out = `${r.stderr ?? ''}\n${r.error?.message ?? ''}`;
    const lines = out.split('\n');
    const why = /network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(out)
      ? "Electron's headers could not be downloaded from electronjs.org"
      : (lines.find((l) => /error:|gyp ERR! stack Error/i.test(l)) ?? `node-gyp exit ${r.status}`)
          .replace(/^gyp ERR! (stack )?/, '')
          .trim()
          .slice(0, 160);
    throw new Refusal(`better-sqlite3 could not be built for Electron ${version}: ${why}`);
  }
  fs.copyFileSync(built, addon);
  fs.rmSync(work, { recursive: true, force: true });
  return addon;
}
