// electron-builder afterPack hook: puts the Electron-ABI better-sqlite3 into the packaged app
// (app.asar.unpacked), so packaging never rebuilds node_modules/better-sqlite3 in place (the Node
// build the CLI and tests use). Runs before electron-builder flips the fuses and signs.
import fs from 'node:fs';
import path from 'node:path';
import { electronNativeBinding } from './electron-native.mjs';

const ARCH = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64' };

export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH[context.arch];
  if (platform !== process.platform || !arch) {
    throw new Error(
      `Tierdesk packages for the platform it is built on: better-sqlite3 cannot be compiled for ${platform}-${arch ?? context.arch} on ${process.platform}; run "npm run dist" on that system`,
    );
  }
  const addon = electronNativeBinding({ arch, log: (l) => console.log(`  • ${l}`) });
  const resources =
    platform === 'darwin'
      ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(context.appOutDir, 'resources');
  const dest = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(path.dirname(dest))) throw new Error(`${path.dirname(dest)} is missing: better-sqlite3 must be in asarUnpack`);
  fs.copyFileSync(addon, dest);
}
