import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_MODULES, COMMANDS } from '../../src/cli/commands/index';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside the project so the bundle's packages resolve from node_modules; out/ is ignored by git.
const dir = path.join(ROOT, 'out', `test-lazy-${process.pid}`);
const HEAVY = ['better-sqlite3', 'zod', 'luxon', 'csv-parse'];

/** Runs the bundled CLI with a module hook that records every module it resolves. */
function traced(args: string[]): { code: number | null; stdout: string; loaded: string[] } {
  const trace = path.join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(trace, '');
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'node', 'cli.mjs')).href)}); await main(${JSON.stringify(args)});`;
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, '--input-type=module', '-e', script],
    {
      cwd: ROOT,
      env: { ...process.env, TRACE_FILE: trace },
      encoding: 'utf8',
    },
  );
  return { code: r.status, stdout: r.stdout, loaded: fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
}

const packagesIn = (urls: string[]) => HEAVY.filter((p) => urls.some((u) => u.includes(`/node_modules/${p}/`)));

beforeAll(() => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TRACE_FILE, r.url + '\\n');
  return r;
}
`,
  );
  fs.writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  const b = spawnSync(process.execPath, ['scripts/build-node.mjs', '--outdir', path.join(dir, 'node')], { cwd: ROOT, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tierdesk starts fast: only what a command needs is loaded', () => {
  it('--help loads none of the engine and its packages (better-sqlite3, zod, luxon, csv-parse)', () => {
    const r = traced(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('contracts expire');
    expect(packagesIn(r.loaded)).toEqual([]);
  });

  it("a group's help (tierdesk contracts) loads none of them either", () => {
    const r = traced(['contracts']);
    expect(r.stdout).toContain('contracts expire');
    expect(packagesIn(r.loaded)).toEqual([]);
  });

  it('a command that runs loads them (the hook sees packages)', () => {
    const r = traced(['evaluate', '--db', path.join(dir, 'missing.db')]);
    expect(r.code).toBe(1);
    expect(packagesIn(r.loaded)).toEqual(expect.arrayContaining(['better-sqlite3', 'luxon']));
  });
});

describe('the command list', () => {
  it("names and summaries in commands/index.ts are the modules' own, in order, none missing", async () => {
    const real = (await Promise.all(COMMAND_MODULES.map((load) => load()))).flatMap((m) => m.commands);
    expect(COMMANDS.map((c) => [c.name, c.summary])).toEqual(real.map((c) => [c.name, c.summary]));
    for (const entry of COMMANDS) expect((await entry.load()).name).toBe(entry.name);
  });
});
