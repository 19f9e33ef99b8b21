import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/serverFixtures';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  build: {
    asar: boolean;
    asarUnpack: string[];
    npmRebuild: boolean;
    afterPack: string;
    files: string[];
    electronFuses: Record<string, boolean>;
    linux: { target: string[] };
    win: { target: string[] };
    mac: { target: string[] };
  };
};

describe('electron-builder config', () => {
  it('targets AppImage + deb, nsis, dmg', () => {
    expect(pkg.build.linux.target).toEqual(['AppImage', 'deb']);
    expect(pkg.build.win.target).toEqual(['nsis']);
    expect(pkg.build.mac.target).toEqual(['dmg']);
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });

  it('flips the fuses of the security checklist', () => {
    expect(pkg.build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships better-sqlite3 unpacked, built for Electron by the hook, never rebuilt in place', () => {
    expect(pkg.build.asar).toBe(true);
    expect(pkg.build.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(pkg.build.npmRebuild).toBe(false);
    expect(fs.existsSync(path.join(ROOT, pkg.build.afterPack))).toBe(true);
    expect(pkg.build.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
  });

  it('main, preload and worker outputs match what main loads', () => {
    const config = fs.readFileSync(path.join(ROOT, 'electron.vite.config.ts'), 'utf8');
    const main = fs.readFileSync(path.join(ROOT, 'src/main/index.ts'), 'utf8');
    expect(config).toContain("worker: resolve('src/engine/worker/entry.ts')");
    expect(config).toContain("format: 'cjs', entryFileNames: '[name].cjs'");
    expect(main).toContain("path.join(here, '..', 'preload', 'index.cjs')");
    expect(main).toContain("path.join(here, 'worker.js')");
  });
});
