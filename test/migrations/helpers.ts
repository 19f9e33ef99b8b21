import Database from 'better-sqlite3';
import type { DB } from '../../src/engine/db';
import { migrate } from '../../src/engine/migrations/index';
import { asWritable } from '../../src/engine/sql/connection';
import { clock } from '../helpers/fixture';

/** The clock of every migration test: 2026-11-23 10:00 in Asia/Shanghai. */
export const NOW = clock('2026-11-23 10:00:00');
const T = NOW();
const DAY = 86_400_000;

/** A database as a release with `version` migrations left it (0: a new, empty file). */
export function dbAt(version: number): DB {
  const db = asWritable(new Database(':memory:'));
  db.pragma('foreign_keys = ON');
  migrate(db, NOW, { upTo: version });
  return db;
}

export const userVersion = (db: DB) => db.pragma('user_version', { simple: true }) as number;

export interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** sqlite_master in creation order: the SQL SQLite stores, byte for byte. */
export const schemaOf = (db: DB) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all() as SchemaRow[];

/** Every row of every table, each table's rows in a stable order. */
export function dumpAll(db: DB): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[];
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM ${name}`).all();
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Expects every table of `before` to hold exactly the same rows in `after`. */
export function sameRows(before: Record<string, unknown[]>, after: Record<string, unknown[]>): void {
  for (const [table, rows] of Object.entries(before)) {
    if (JSON.stringify(after[table]) !== JSON.stringify(rows)) throw new Error(`table ${table} changed in the migration`);
  }
}

export const count = (db: DB, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Rows of the version-1 schema as a database in use holds them: customers, orders, an evaluation, an override, a review, audit. */
export function seedV1(db: DB): void {
  const cust = db.prepare(
    'INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified, registered_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const ids = [
    cust.run('C0001', '王小明', 'individual', 1, 1, T - 400 * DAY),
    cust.run('C0002', '杭州云游网络科技有限公司', 'enterprise', 1, 0, T - 300 * DAY),
    cust.run('C0003', '李雷', 'individual', 0, 1, null),
  ].map((r) => Number(r.lastInsertRowid));
  const [a, b, c] = ids as [number, number, number];
  const order = db.prepare('INSERT INTO orders (order_id, cust, placed_at, amount_fen, status, category) VALUES (?, ?, ?, ?, ?, ?)');
  order.run('O-20260101-1', a, T - 30 * DAY, 128_800, 'paid', '游戏点卡');
  order.run('O-20260101-2', a, T - 20 * DAY, 5_000, 'refunded', null);
  order.run('O-20260102-1', b, T - 10 * DAY, 9_999_900, 'paid', '话费充值');
  db.prepare('INSERT INTO referrals (referrer, referred, referred_at) VALUES (?, ?, ?)').run(a, c, T - 5 * DAY);
  db.prepare('INSERT INTO contributions (cust, kind, at, points) VALUES (?, ?, ?, ?)').run(a, 'review', T - 3 * DAY, 20);
  const metrics = db.prepare('INSERT INTO customer_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  metrics.run(a, 128_800, 1, 128_800, 1, 128_800, 1, 20);
  metrics.run(b, 9_999_900, 1, 9_999_900, 1, 9_999_900, 0, 0);
  db.prepare('INSERT INTO policies (version, document, published_at, actor, reason) VALUES (2, ?, ?, ?, ?)').run(
    JSON.stringify({ name: 'v2', protectionDays: 30 }),
    T - DAY,
    'manager',
    '白银门槛调整',
  );
  const ov = db
    .prepare('INSERT INTO overrides (cust, tier, reason, actor, set_on, set_at, until) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(c, 'gold', '战略客户', 'manager', '2026-11-01', T - 22 * DAY, '2026-12-31');
  const assign = db.prepare(
    'INSERT INTO assignments (cust, tier, computed_tier, pending_tier, protected_until, since, override_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  assign.run(a, 'silver', 'silver', null, '2027-02-20', '2026-11-22', null);
  assign.run(b, 'gold', 'supreme', 'supreme', null, '2026-10-01', null);
  assign.run(c, 'gold', 'none', null, null, '2026-11-01', Number(ov.lastInsertRowid));
  db.prepare(
    'INSERT INTO tier_history (cust, from_tier, to_tier, on_date, cause, policy_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(a, 'regular', 'silver', '2026-11-22', 'evaluation', 2, 'system', null, T - DAY);
  db.prepare('INSERT INTO reviews (cust, from_tier, pending_tier, opened_on, status) VALUES (?, ?, ?, ?, ?)').run(
    b,
    'gold',
    'supreme',
    '2026-11-22',
    'open',
  );
  db.prepare('INSERT INTO evaluation_runs VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    '2026-11-22',
    2,
    12,
    T - DAY,
    T - DAY + 900,
    'system',
    3,
    JSON.stringify({ silver: 1, gold: 2 }),
    JSON.stringify({ silver: 128_800 }),
    1,
    0,
    1,
    1,
  );
  db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    T - DAY,
    'manager',
    'policy.publish',
    'policy',
    '2',
    null,
    '{"version":2}',
    null,
  );
}

/** Rows of the version-2 schema: an active contract of the enterprise customer with its history. */
export function seedV2(db: DB): void {
  const b = (db.prepare("SELECT id FROM customers WHERE customer_id = 'C0002'").get() as { id: number }).id;
  const r = db
    .prepare(
      `INSERT INTO contracts (number, cust, status, start_date, end_date, commitment_fen, profit_share, co_branding_slots, inventory_hours,
         logistics_channel, advisory_seat, account_manager, auto_renew, notes, created_at, updated_at)
       VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run('HT-2026-001', b, '2026-01-01', '2026-12-31', 100_000_000, 0.15, 2, 40, 1, 0, '张经理', 1, '年框', T - 60 * DAY, T - 60 * DAY);
  const id = Number(r.lastInsertRowid);
  db.prepare("UPDATE contracts SET status = 'active', updated_at = ? WHERE id = ?").run(T - 59 * DAY, id);
  const hist = db.prepare(
    'INSERT INTO contract_history (contract, from_status, to_status, on_date, cause, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  hist.run(id, null, 'draft', '2025-09-25', 'create', 'manager', null, T - 60 * DAY);
  hist.run(id, 'draft', 'active', '2025-09-26', 'activate', 'manager', '已签署', T - 59 * DAY);
}

/** Rows of the version-3 schema: a policy draft based on version 2. */
export function seedV3(db: DB): void {
  db.prepare('INSERT INTO drafts (name, document, based_on_version, created_at, updated_at, actor) VALUES (?, ?, ?, ?, ?, ?)').run(
    '白银 800',
    JSON.stringify({ name: 'draft', protectionDays: 45 }),
    2,
    T - 2 * DAY,
    T - DAY,
    'manager',
  );
}
