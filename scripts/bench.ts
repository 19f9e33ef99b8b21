// `npm run bench`: engine figures on a generated base (issue 2 item 11). Numbers are printed, never
// asserted. Environment: BENCH_CUSTOMERS (default 1,000,000), BENCH_SEED (1), BENCH_TODAY (today in
// Asia/Shanghai), BENCH_SECTIONS (comma-separated names, default all), BENCH_DIR (default .bench),
// BENCH_KEEP=1 keeps the generated files and databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type DB } from '../src/engine/db';
import { generateDemo, writeDemoCsv } from '../src/engine/demo';
import { benchSimulation } from '../src/engine/simulate/index';
import { benchCustomerList } from '../src/engine/queries/customers';
import { evaluate } from '../src/engine/evaluate';
import { benchBareInsert, formatError, importFiles, type ImportSources } from '../src/engine/import';
import { DEFAULT_ZONE, isDate, todayIn } from '../src/engine/time';
import { TIERS } from '@shared/tiers';

const MiB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const rate = (rows: number, ms: number) => `${int((rows * 1000) / ms)} rows/s`;

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got "${text}"`);
  return n;
}

/**
 * Peak memory of one section. Most engine work is synchronous, so a timer alone would never fire
 * during it: sections also sample from their progress callbacks, and the kernel's peak RSS of the
 * whole process is printed at the end.
 */
class Meter {
  rss = 0;
  heap = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    (globalThis as { gc?: () => void }).gc?.();
    this.rss = 0;
    this.heap = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
    this.timer.unref();
  }

  readonly sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  };

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

interface Timed<T> {
  value: T;
  ms: number;
  cpuMs: number;
}

async function timed<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const cpuNote = (t: Timed<unknown>) => `(cpu ${secs(t.cpuMs)})`;

interface CsvFiles {
  customers: string;
  orders: string;
  referrals: string;
  contributions: string;
}

/** What sections share: the options, the generated CSV files and the database they were imported into, each made once on first use. */
class Context {
  readonly meter = new Meter();
  private csvFiles: CsvFiles | undefined;
  private imported: DB | undefined;
  private readonly dbs: DB[] = [];
  section = '';
  lastOrdersImport: Timed<number> | undefined;
  bareInsertRowsPerSecond: number | undefined;

  constructor(
    readonly customers: number,
    readonly seed: number,
    readonly today: string,
    readonly zone: string,
    readonly dir: string,
  ) {}

  line(text: string): void {
    process.stdout.write(`[${this.section}] ${text}\n`);
  }

  /** A new database file in the bench directory (any old one of that name is removed first). */
  freshDb(name: string): DB {
    const file = path.join(this.dir, name);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const db = openDb(file, { create: true });
    this.dbs.push(db);
    return db;
  }

  async csv(): Promise<CsvFiles> {
    if (this.csvFiles) return this.csvFiles;
    const dir = path.join(this.dir, 'csv');
    const t = await timed(() =>
      writeDemoCsv(dir, { customers: this.customers, seed: this.seed, today: this.today, zone: this.zone, onProgress: this.meter.sample }),
    );
    const c = t.value;
    const bytes = Object.values(c.files).reduce((n, f) => n + fs.statSync(f).size, 0);
    this.line(
      `demo CSV: ${int(c.customers)} customers, ${int(c.orders)} orders, ${int(c.referrals)} referrals, ${int(c.contributions)} contributions`,
    );
    this.line(
      `demo CSV written in ${secs(t.ms)} ${cpuNote(t)}, ${mib(bytes)} on disk (orders.csv ${mib(fs.statSync(c.files.orders).size)})`,
    );
    this.csvFiles = c.files;
    return c.files;
  }

  async importOne(db: DB, sources: ImportSources, label: string): Promise<Timed<number>> {
    return timed(async () => {
      const r = await importFiles(db, sources, { now: Date.now, actor: 'bench', onProgress: this.meter.sample });
      if (!r.ok) {
        for (const e of r.errors) process.stderr.write(`${formatError(e)}\n`);
        throw new Error(`the demo ${label} did not import: ${r.errorCount} bad rows`);
      }
      return Object.values(r.files).reduce((n, f) => n + f.rows, 0);
    });
  }

  /** The whole base imported from the CSV files, file by file so each kind gets its own rate. */
  async importedDb(): Promise<DB> {
    if (this.imported) return this.imported;
    const files = await this.csv();
    const db = this.freshDb('import.db');
    const customers = await this.importOne(db, { customers: files.customers }, 'customers');
    this.line(
      `import customers.csv: ${int(customers.value)} rows in ${secs(customers.ms)} = ${rate(customers.value, customers.ms)} ${cpuNote(customers)}`,
    );
    const orders = await this.importOne(db, { orders: files.orders }, 'orders');
    this.line(`import orders.csv: ${int(orders.value)} rows in ${secs(orders.ms)} = ${rate(orders.value, orders.ms)} ${cpuNote(orders)}`);
    this.lastOrdersImport = orders;
    const rest = await this.importOne(
      db,
      { referrals: files.referrals, contributions: files.contributions },
      'referrals and contributions',
    );
    this.line(
      `import referrals.csv + contributions.csv: ${int(rest.value)} rows in ${secs(rest.ms)} = ${rate(rest.value, rest.ms)} ${cpuNote(rest)}`,
    );
    this.imported = db;
    return db;
  }

  close(keep: boolean): void {
    for (const db of this.dbs) if (db.open) db.close();
    if (!keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Section {
  name: string;
  run(ctx: Context): Promise<void>;
}

const SECTIONS: Section[] = [
  {
    name: 'csv',
    async run(ctx) {
      await ctx.csv();
    },
  },
  {
    name: 'bare-insert',
    async run(ctx) {
      const files = await ctx.csv();
      const db = ctx.freshDb('bare.db');
      await ctx.importOne(db, { customers: files.customers }, 'customers');
      const r = await benchBareInsert(db, files.orders);
      ctx.bareInsertRowsPerSecond = r.rowsPerSecond;
      ctx.line(
        `bare prepared INSERT of the orders.csv rows: ${int(r.rows)} rows in ${secs(r.seconds * 1000)} = ${int(r.rowsPerSecond)} rows/s`,
      );
      db.close();
    },
  },
  {
    name: 'import',
    async run(ctx) {
      await ctx.importedDb();
      const orders = ctx.lastOrdersImport!;
      if (ctx.bareInsertRowsPerSecond !== undefined) {
        const share = (orders.value * 1000) / orders.ms / ctx.bareInsertRowsPerSecond;
        ctx.line(`orders import rate / bare INSERT rate: ${(share * 100).toFixed(0)}% (issue 2 target: at least 70%)`);
      }
    },
  },
  {
    name: 'evaluate',
    async run(ctx) {
      const db = await ctx.importedDb();
      ctx.meter.start();
      const t = await timed(() => evaluate(db, { asOf: ctx.today, now: Date.now, actor: 'bench', onProgress: ctx.meter.sample }));
      const s = t.value;
      ctx.line(`evaluate the whole base as of ${s.asOf} (first run): ${int(s.customers)} customers in ${secs(t.ms)} ${cpuNote(t)}`);
      for (const w of s.warnings) ctx.line(`warning: ${w}`);
      ctx.line(
        `assigned tiers: ${TIERS.map((tier) => `${tier} ${int(s.counts[tier])}`).join(', ')}; pending reviews ${int(s.pendingReviews)}`,
      );
      const again = await timed(() => evaluate(db, { asOf: ctx.today, now: Date.now, actor: 'bench', onProgress: ctx.meter.sample }));
      ctx.line(`evaluate again at the same date (nothing changes): ${secs(again.ms)} ${cpuNote(again)}`);
    },
  },
  {
    name: 'simulate',
    async run(ctx) {
      // Metrics of the evaluated base are built once and cached; each re-simulation recomputes every tier.
      const db = await ctx.importedDb();
      benchSimulation(db, ctx.today, (text) => ctx.line(text));
    },
  },
  {
    name: 'customer-list',
    async run(ctx) {
      // A filter change on the evaluated base: the first page of 100 rows, and the exact count when the page gave a lower bound.
      const db = await ctx.importedDb();
      for (const b of benchCustomerList(db)) {
        ctx.line(
          `${b.name.padEnd(48)} first page ${b.pageMs.toFixed(1)} ms, ${b.exact ? 'total' : 'at least'} ${int(b.total)}${b.countMs !== null ? `, exact count ${b.countMs.toFixed(1)} ms` : ''}`,
        );
      }
    },
  },
  {
    name: 'demo-db',
    async run(ctx) {
      const db = ctx.freshDb('demo.db');
      const t = await timed(() =>
        generateDemo(db, { customers: ctx.customers, seed: ctx.seed, today: ctx.today, zone: ctx.zone, onProgress: ctx.meter.sample }),
      );
      const c = t.value;
      const rows = c.customers + c.orders + c.referrals + c.contributions;
      ctx.line(`generateDemo straight into a database: ${int(rows)} rows in ${secs(t.ms)} = ${rate(rows, t.ms)} ${cpuNote(t)}`);
      db.close();
    },
  },
];

async function main(): Promise<void> {
  const customers = envInt('BENCH_CUSTOMERS', 1_000_000);
  const seed = envInt('BENCH_SEED', 1);
  const zone = DEFAULT_ZONE;
  const today = process.env.BENCH_TODAY || todayIn(zone, Date.now());
  if (!isDate(today)) throw new Error(`BENCH_TODAY: expected YYYY-MM-DD, got "${today}"`);
  const wanted = (process.env.BENCH_SECTIONS || SECTIONS.map((s) => s.name).join(',')).split(',').map((s) => s.trim());
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length)
    throw new Error(`BENCH_SECTIONS: unknown section ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const dir = path.resolve(process.env.BENCH_DIR || '.bench');
  fs.mkdirSync(dir, { recursive: true });
  const ctx = new Context(customers, seed, today, zone, dir);

  const cpu = os.cpus();
  process.stdout.write(
    `Tierdesk bench: ${int(customers)} customers, seed ${seed}, today ${today} (${zone}); node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${mib(os.totalmem())} RAM, load ${os.loadavg()[0]!.toFixed(2)}\n`,
  );
  if (!(globalThis as { gc?: unknown }).gc) process.stdout.write('(run with node --expose-gc for per-section heap figures)\n');
  const keep = process.env.BENCH_KEEP === '1';
  try {
    for (const section of SECTIONS.filter((s) => wanted.includes(s.name))) {
      ctx.section = section.name;
      ctx.meter.start();
      const t = await timed(() => section.run(ctx));
      ctx.meter.stop();
      ctx.line(
        `section total ${secs(t.ms)} ${cpuNote(t)}; peak memory (sampled): rss ${mib(ctx.meter.rss)}, heapUsed ${mib(ctx.meter.heap)}`,
      );
    }
  } finally {
    ctx.close(keep);
  }
  process.stdout.write(`peak RSS of the whole run (kernel): ${mib(process.resourceUsage().maxRSS * 1024)}\n`);
  if (keep) process.stdout.write(`files kept in ${dir}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
