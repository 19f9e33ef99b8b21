import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { startHttpServer, type RunningServer } from '../../src/server/http';
import { serveBrowserMode } from '../../src/server/serve';
import { createBackup } from '../../src/engine/backup';
import type { ServerEnv } from '../../src/server/context';
import { createClient, httpTransport, type Client, type FetchLike } from '@shared/api/client';
import type { ImportProgressEvent, ImportRunResult } from '@shared/api/channels/data';
import type { JobProgress } from '@shared/api/types';
import { newUploadId, uploadFiles, type UploadFile } from '../../src/renderer/src/features/data/upload';
import { bundleWorker, envFor, NOW, tempDir } from '../helpers/serverFixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
const KINDS = ['customers', 'orders', 'referrals', 'contributions'] as const;

let worker: string;
const envs: ServerEnv[] = [];
const servers: RunningServer[] = [];

/** A database, its dispatcher behind the browser-mode HTTP server, and the renderer's client over fetch. */
async function console_(name: string): Promise<{ db: DB; file: string; client: Client; env: ServerEnv }> {
  const file = path.join(tempDir(), name);
  const db = openDb(file, { create: true, now: () => NOW });
  const env = envFor(db, file, worker);
  envs.push(env);
  const server = await startHttpServer({ dispatch: createDispatcher(env, HANDLERS), rendererDir: tempDir() });
  servers.push(server);
  const client = createClient(httpTransport({ token: server.token, baseUrl: server.origin, fetch: fetch as unknown as FetchLike }));
  return { db, file, client, env };
}

const fixture = (kind: string): UploadFile => ({
  kind: kind as UploadFile['kind'],
  name: `${kind}.csv`,
  blob: new Blob([fs.readFileSync(path.join(FIXTURES, `${kind}.csv`))]),
});
const text = (kind: UploadFile['kind'], name: string, content: string): UploadFile => ({ kind, name, blob: new Blob([content]) });
const count = (db: DB, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function upload(client: Client, files: UploadFile[]): Promise<string> {
  const id = newUploadId();
  const err = await uploadFiles(client, id, files, () => {});
  expect(err).toBeNull();
  return id;
}

async function run(client: Client, uploadId: string, dryRun: boolean, seen: JobProgress[] = []): Promise<ImportRunResult> {
  const r = await client.importRun({ uploadId, dryRun }, (p) => seen.push(p));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  worker = await bundleWorker();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const e of envs) {
    await e.jobs.close();
    if (e.db.open) e.db.close();
  }
  fs.rmSync(worker, { force: true });
});

describe('import:preview', () => {
  it('detects each §9 file by its header and sorts its columns', async () => {
    const { client } = await console_('preview.db');
    for (const kind of KINDS) {
      const head = fs.readFileSync(path.join(FIXTURES, `${kind}.csv`), 'utf8');
      const r = await client.importPreview({ name: `export-${kind}-2026.csv`, head });
      expect(r.ok && r.value.detected, kind).toBe(kind);
    }
    const orders = await client.importPreview({ name: 'x.csv', head: fs.readFileSync(path.join(FIXTURES, 'orders.csv'), 'utf8') });
    expect(orders.ok && orders.value).toMatchObject({
      kind: 'orders',
      missing: [],
      problem: null,
      columns: [
        { name: 'placed_at', role: 'required' },
        { name: 'order_id', role: 'required' },
        { name: 'customer_id', role: 'required' },
        { name: 'amount', role: 'required' },
        { name: 'status', role: 'required' },
        { name: 'category', role: 'optional' },
        { name: 'channel', role: 'ignored' },
      ],
    });
    expect(orders.ok && orders.value.rows[0]).toEqual(['2026-05-24 07:30:00', 'O1', 'C001', '499.99', 'paid', '游戏点卡', 'web']);
  });

  it('names missing columns, falls back to the file name, and ignores a record cut by the end of a partial head', async () => {
    const { client } = await console_('preview2.db');
    const r = await client.importPreview({
      name: 'orders-nov.csv',
      head: '\uFEFFOrder_ID,customer_id,amount\nO1,C1,5\nO2,"C2\nO3,C3',
      partial: true,
    });
    expect(r.ok && r.value).toMatchObject({
      detected: 'orders',
      kind: 'orders',
      missing: ['placed_at', 'status'],
      problem: null,
      rows: [['O1', 'C1', '5']],
    });
    const asked = await client.importPreview({
      name: 'orders-nov.csv',
      head: 'customer_id,kind,points,at\nC1,review,5,2026-01-01\n',
      kind: 'customers',
    });
    expect(asked.ok && asked.value).toMatchObject({
      detected: 'contributions',
      kind: 'customers',
      missing: ['name', 'realname_verified', 'phone_verified', 'registered_at'],
    });
    const broken = await client.importPreview({ name: 'a.csv', head: 'a,b\n1,"2\n' });
    expect(broken.ok && broken.value.problem).toMatch(/Quote Not Closed/);
    const empty = await client.importPreview({ name: 'a.csv', head: '' });
    expect(empty.ok && empty.value.problem).toMatch(/empty/);
  });
});

describe('import: upload, dry run, import', () => {
  it('a dry run names every bad row and writes nothing; the import then backs up, writes, audits; a second import changes nothing', async () => {
    const { db, file, client } = await console_('import.db');
    const badOrders =
      fs.readFileSync(path.join(FIXTURES, 'orders.csv'), 'utf8') +
      '2026-06-03,O9,C404,5.00,paid,,web\n2026-06-03,O10,C001,"1,234",paid,,web\n';
    const bad = await upload(client, [fixture('customers'), text('orders', 'orders.csv', badOrders)]);
    const dry = await run(client, bad, true);
    expect(dry).toMatchObject({ ok: false, dryRun: true, cancelled: false, errorCount: 2, backup: null });
    expect(dry.errors).toEqual([
      { file: 'orders.csv', line: 6, column: 'customer_id', reason: expect.stringContaining('unknown customer "C404"') },
      { file: 'orders.csv', line: 7, column: 'amount', reason: expect.stringContaining('"1,234" is not an amount in CNY') },
    ]);
    expect(count(db, 'customers')).toBe(0);
    expect(fs.existsSync(`${file}.backups`)).toBe(false);

    const good = await upload(client, KINDS.map(fixture));
    const check = await run(client, good, true);
    expect(check).toMatchObject({
      ok: true,
      dryRun: true,
      errorCount: 0,
      files: { customers: { rows: 3, inserted: 3 }, orders: { rows: 4, inserted: 4 } },
    });
    expect(count(db, 'orders')).toBe(0);

    const seen: JobProgress[] = [];
    const real = await run(client, good, false, seen);
    expect(real).toMatchObject({
      ok: true,
      dryRun: false,
      rows: 12,
      files: { customers: { inserted: 3 }, orders: { inserted: 4 }, referrals: { inserted: 2 }, contributions: { inserted: 3 } },
    });
    expect(real.backup).toMatchObject({ reason: 'before-import', damaged: false });
    expect(fs.existsSync(real.backup!.file)).toBe(true);
    expect(count(db, 'orders')).toBe(4);
    const phases = (seen as ImportProgressEvent[]).map((p) => p.phase);
    expect(phases[0]).toBe('backup');
    expect(phases).toEqual(expect.arrayContaining(['customers', 'orders', 'referrals', 'contributions']));
    const last = seen.at(-1) as ImportProgressEvent;
    expect(last).toMatchObject({ phase: 'contributions', rows: 12, file: 'contributions.csv' });
    expect(last.done).toBe(last.total);

    // The staged copy is gone after a real import.
    expect(await client.importRun({ uploadId: good, dryRun: true })).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_FOUND' } });
    const audit = await client.auditQuery({ action: 'import' });
    expect(audit.ok && audit.value.total).toBe(1);
    expect(audit.ok && audit.value.rows[0]).toMatchObject({
      actor: 'os-user',
      action: 'import',
      entity: 'data',
      details: { files: { orders: { inserted: 4 } } },
    });

    const again = await run(client, await upload(client, KINDS.map(fixture)), false);
    expect(again.files).toMatchObject({
      customers: { unchanged: 3 },
      orders: { unchanged: 4 },
      referrals: { unchanged: 2 },
      contributions: { unchanged: 3 },
    });
  });

  it('refuses chunks out of order and a run of nothing', async () => {
    const { client } = await console_('order.db');
    const id = newUploadId();
    expect(await client.importUpload({ uploadId: id, kind: 'orders', name: 'o.csv', offset: 0, data: btoa('order_id\n') })).toMatchObject({
      ok: true,
      value: { bytes: 9 },
    });
    expect(await client.importUpload({ uploadId: id, kind: 'orders', name: 'o.csv', offset: 5, data: btoa('x') })).toMatchObject({
      ok: false,
      error: { code: 'UPLOAD_OUT_OF_ORDER' },
    });
    expect(await client.importUpload({ uploadId: id, kind: 'orders', name: 'o.csv', offset: 0, data: 'not base64!' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await client.importDiscard({ uploadId: id })).toEqual({ ok: true, value: { discarded: true } });
    expect(await client.importRun({ uploadId: id, dryRun: false })).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_FOUND' } });
    expect(await client.importCancel()).toEqual({ ok: true, value: { cancelled: false } });
  });
});

/** `customers` customers and `orders` orders, spread over the customers and 2026. */
function bigFiles(dir: string, customers: number, orders: number): { customers: string; orders: string } {
  const c = ['customer_id,name,kind,realname_verified,phone_verified,registered_at'];
  for (let i = 0; i < customers; i++)
    c.push(`C${i},客户${i},${i % 50 === 0 ? 'enterprise' : 'individual'},${i % 3 ? 'true' : 'false'},1,2025-01-01 08:00:00`);
  const o = ['order_id,customer_id,placed_at,amount,status,category'];
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < orders; i++) {
    const at = new Date(base + ((i * 7919) % 31_000_000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    o.push(
      `O${i},C${(i * 31) % customers},${at},${(i % 997) + 1}.${String(i % 100).padStart(2, '0')},${i % 20 ? 'paid' : 'refunded'},点卡`,
    );
  }
  const files = { customers: path.join(dir, 'customers.csv'), orders: path.join(dir, 'orders.csv') };
  fs.writeFileSync(files.customers, c.join('\n') + '\n');
  fs.writeFileSync(files.orders, o.join('\n') + '\n');
  return files;
}

describe('import of 100,000 orders', () => {
  let files: { customers: string; orders: string };
  beforeAll(() => {
    files = bigFiles(tempDir(), 10_000, 100_000);
  });
  const blobs = (): UploadFile[] => [
    { kind: 'customers', name: 'customers.csv', blob: new Blob([fs.readFileSync(files.customers)]) },
    { kind: 'orders', name: 'orders.csv', blob: new Blob([fs.readFileSync(files.orders)]) },
  ];

  it('cancelled after its first progress event, writes nothing', async () => {
    const { db, client } = await console_('cancel.db');
    const id = await upload(client, blobs());
    let asked: Promise<unknown> | undefined;
    const r = await client.importRun({ uploadId: id, dryRun: false }, (p) => {
      if (!asked && p.phase === 'customers') asked = client.importCancel();
    });
    expect(await asked).toEqual({ ok: true, value: { cancelled: true } });
    expect(r).toMatchObject({ ok: true, value: { ok: false, cancelled: true, dryRun: false } });
    expect(count(db, 'customers')).toBe(0);
    expect(count(db, 'orders')).toBe(0);
    expect(count(db, 'audit_log')).toBe(0);
    // The staged files stay, so the same import can be started again.
    expect(await run(client, id, true)).toMatchObject({ ok: true, rows: 110_000 });
  }, 60_000);

  it('measures the UI path (upload in chunks over HTTP + import in the worker)', async () => {
    const { db, client } = await console_('throughput.db');
    const t0 = performance.now();
    const id = await upload(client, blobs());
    const t1 = performance.now();
    const r = await run(client, id, false);
    const t2 = performance.now();
    expect(r).toMatchObject({ ok: true, rows: 110_000, files: { orders: { inserted: 100_000 } } });
    expect(count(db, 'orders')).toBe(100_000);
    const bytes = fs.statSync(files.customers).size + fs.statSync(files.orders).size;
    const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms).toLocaleString('en-US');
    console.log(
      `[throughput] UI path, ${(bytes / 1048576).toFixed(1)} MiB, 110,000 rows (100,000 orders): upload ${Math.round(t1 - t0)} ms, ` +
        `import:run ${Math.round(t2 - t1)} ms (worker ${r.elapsedMs} ms = ${rate(110_000, r.elapsedMs)} rows/s), ` +
        `end to end ${rate(110_000, t2 - t0)} rows/s`,
    );
  }, 120_000);
});

/** Reads a prepared export to its end, as the renderer does. */
async function download(
  client: Client,
  request: Parameters<Client['exportPrepare']>[0]['request'],
  language: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ fileName: string; text: string; bytes: Buffer }> {
  const p = await client.exportPrepare({ request, language });
  if (!p.ok) throw new Error(`${p.error.code}: ${p.error.message}`);
  const parts: Buffer[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const r = await client.exportRead({ exportId: p.value.exportId, offset });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    parts.push(Buffer.from(r.value.data, 'base64'));
    offset = r.value.next;
  }
  const bytes = Buffer.concat(parts);
  expect(bytes.length).toBe(p.value.bytes);
  expect(await client.exportRead({ exportId: p.value.exportId, offset: 0 })).toMatchObject({
    ok: false,
    error: { code: 'EXPORT_NOT_FOUND' },
  });
  return { fileName: p.value.fileName, text: bytes.toString('utf8'), bytes };
}

describe('exports for people', () => {
  it('customers with a filter, BOM, Chinese headers, formula-like names neutralised, a dated file name', async () => {
    const { client } = await console_('export.db');
    const customers =
      'customer_id,name,kind,realname_verified,phone_verified,registered_at\nC1,"=HYPERLINK(""http://x"")",individual,1,1,\nC2,李四,enterprise,1,1,\nC3,王五,individual,1,1,\n';
    expect(await run(client, await upload(client, [text('customers', 'customers.csv', customers)]), false)).toMatchObject({ ok: true });
    const all = await download(client, { kind: 'customers' });
    expect(all.fileName).toBe('customers-20261123-1000.csv');
    expect([...all.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = all.text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('客户编号,姓名,客户类型')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`C1,"'=HYPERLINK(""http://x"")"`);
    const enterprises = await download(client, { kind: 'customers', filter: { kind: 'enterprise', search: '李' } }, 'en');
    expect(enterprises.text.slice(1).trimEnd().split('\r\n')).toEqual([
      expect.stringMatching(/^Customer ID,Name,Kind/),
      expect.stringMatching(/^C2,李四,Enterprise/),
    ]);
    const audit = await download(client, { kind: 'audit', filter: { action: 'import' } });
    expect(audit.fileName).toBe('audit-20261123-1000.csv');
    expect(audit.text.trimEnd().split('\r\n')).toHaveLength(2);
    for (const kind of ['tier-history', 'evaluation-runs', 'contracts'] as const)
      expect((await download(client, { kind })).fileName).toBe(`${kind}-20261123-1000.csv`);
    expect(
      await client.exportPrepare({ request: { kind: 'customers', filter: { tier: 'platinum' as never } }, language: 'en' }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('backups', () => {
  it('lists, backs up now, and restores (the current file backed up first, the restore audited)', async () => {
    const { db, client } = await console_('backup.db');
    expect(await client.backupList()).toMatchObject({ ok: true, value: { backups: [], keep: 7 } });
    const manual = await client.backupCreate();
    expect(manual).toMatchObject({ ok: true, value: { reason: 'manual', damaged: false } });
    await run(client, await upload(client, [fixture('customers')]), false);
    expect(count(db, 'customers')).toBe(3);
    const list = await client.backupList();
    expect(list.ok && list.value.backups.map((b) => b.reason)).toEqual(['before-import', 'manual']);

    const restored = await client.backupRestore({ name: manual.ok ? manual.value.name : '' });
    expect(restored).toMatchObject({ ok: true, value: { restored: { reason: 'manual' }, safeguard: { reason: 'before-restore' } } });
    // The console's own connection reads the restored content.
    expect(count(db, 'customers')).toBe(0);
    const audit = await client.auditQuery({});
    expect(audit.ok && audit.value.rows.map((r) => r.action)).toEqual(['backup.restore']);
    expect(await client.backupRestore({ name: 'nope.db' })).toMatchObject({ ok: false, error: { code: 'BACKUP_NOT_FOUND' } });
  });
});

describe('audit log', () => {
  it('pages newest first with filters and facets', async () => {
    const { client } = await console_('audit.db');
    await client.settingsSet({ operatorName: '王运营' });
    await run(client, await upload(client, [fixture('customers')]), false);
    await run(client, await upload(client, [fixture('customers'), fixture('orders')]), false);
    const page = await client.auditQuery({ limit: 2 });
    expect(page.ok && page.value.total).toBe(3);
    expect(page.ok && page.value.rows.map((r) => [r.action, r.actor])).toEqual([
      ['import', '王运营'],
      ['import', '王运营'],
    ]);
    const second = await client.auditQuery({ limit: 2, offset: 2 });
    expect(second.ok && second.value.rows).toMatchObject([{ action: 'settings.operator', before: null, after: '王运营' }]);
    expect(await client.auditFacets()).toEqual({
      ok: true,
      value: { actors: ['王运营'], actions: ['import', 'settings.operator'], entities: ['data', 'settings'] },
    });
    const none = await client.auditQuery({ from: '2026-11-24' });
    expect(none.ok && none.value.total).toBe(0);
    const today = await client.auditQuery({ from: '2026-11-23', to: '2026-11-23', entity: 'data' });
    expect(today.ok && today.value.total).toBe(2);
  });
});

describe('a database that cannot be opened (browser mode)', () => {
  async function brokenServer(): Promise<{ file: string; client: Client; damagedBytes: Buffer; good: string }> {
    const dir = tempDir();
    const file = path.join(dir, 'shop.db');
    const db = openDb(file, { create: true, now: () => NOW });
    db.prepare(
      "INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified) VALUES ('C1', '张三', 'individual', 1, 1)",
    ).run();
    await createBackup(db, 'manual', { now: () => NOW - 60_000 });
    db.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('this is no SQLite header'), 0, 24, 0);
    fs.closeSync(fd);
    const good = path.join(dir, 'other.db');
    openDb(good, { create: true, now: () => NOW }).close();
    const server = await serveBrowserMode({
      db: null,
      dbPath: file,
      rendererDir: tempDir(),
      workerUrl: worker,
      appVersion: 't',
      defaultActor: 'os-user',
      now: () => NOW,
    });
    servers.push(server);
    const client = createClient(httpTransport({ token: server.token, baseUrl: server.origin, fetch: fetch as unknown as FetchLike }));
    return { file, client, damagedBytes: fs.readFileSync(file), good };
  }

  it('says what is wrong, leaves the file untouched, and restores a backup into a working console', async () => {
    const { file, client, damagedBytes } = await brokenServer();
    const info = await client.appInfo();
    expect(info).toMatchObject({ ok: false, error: { code: 'DB_UNAVAILABLE', message: expect.stringContaining('damaged') } });
    const status = await client.dbStatus();
    expect(status).toMatchObject({
      ok: true,
      value: { ok: false, file, problem: { code: 'DB_CORRUPT' }, backups: [{ reason: 'manual' }] },
    });
    expect(await client.dbOpen({ path: path.join(path.dirname(file), 'missing.db') })).toMatchObject({
      ok: false,
      error: { code: 'DB_NOT_FOUND' },
    });
    expect(fs.readFileSync(file).equals(damagedBytes)).toBe(true);

    const name = status.ok ? status.value.backups[0]!.name : '';
    expect(await client.backupRestore({ name })).toMatchObject({
      ok: true,
      value: { safeguard: { damaged: true, reason: 'before-restore' } },
    });
    expect(await client.appInfo()).toMatchObject({ ok: true, value: { dbPath: file } });
    expect(await client.tiersDistribution()).toMatchObject({ ok: true, value: { total: 1 } });
    const list = await client.backupList();
    const damaged = list.ok ? list.value.backups.find((b) => b.damaged)! : null;
    expect(fs.readFileSync(damaged!.file).equals(damagedBytes)).toBe(true);
    const audit = await client.auditQuery({ action: 'backup' });
    expect(audit.ok && audit.value.rows).toMatchObject([{ action: 'backup.restore', actor: 'os-user' }]);
  });

  it('opens another file instead', async () => {
    const { client, good } = await brokenServer();
    expect(await client.dbOpen({ path: good })).toMatchObject({ ok: true, value: { ok: true, file: good } });
    expect(await client.appInfo()).toMatchObject({ ok: true, value: { dbPath: good } });
    expect(await client.dbOpen({ path: good })).toMatchObject({ ok: false, error: { code: 'DB_ALREADY_OPEN' } });
  });
});
