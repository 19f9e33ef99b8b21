import type { ReadableDB } from '../sql/connection';
import { platformZone } from '../db';
import { DomainError } from '../errors';
import { auditWhere, type AuditFilter, type AuditRow } from '../auditQuery';
import { toAuditEntry, type AuditLogRow } from '../rows/audit';
import { listContracts, type ContractFilter, type ContractView } from '../contracts/index';
import { isDate, todayIn } from '../time';
import { customerFilterSql } from '../queries/customers/filter';
import type { CustomerFilter } from '@shared/api/channels/customers';
import { TIERS, type Tier } from '@shared/tiers';
import { csvDocument, fenText, instantFormatter, keysetPages, type Column, type ExportLang } from './csv';
import { causeLabel, contractFlagLabel, contractStatusLabel, kindLabel, tierLabel, yesNo } from './labels';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? null : `${Math.round(share * 10000) / 100}%`;

function checkDate(name: string, v: string | undefined): void {
  if (v !== undefined && v !== '' && !isDate(v)) throw new DomainError('BAD_DATE', `${name}: "${v}" is not a date (YYYY-MM-DD)`);
}

// ---------------------------------------------------------------- customers with tiers

/** The customer list's filter (src/engine/queries/customers.ts): an export holds what the list shows. */
export type CustomerExportFilter = CustomerFilter;

interface CustomerRow {
  customer_id: string;
  name: string;
  kind: string;
  realname_verified: number;
  phone_verified: number;
  registered_at: number | null;
  tier: Tier;
  computed_tier: Tier;
  pending_tier: Tier | null;
  protected_until: string | null;
  since: string | null;
  cumulative_fen: number | null;
  paid_orders: number | null;
  window_fen: number | null;
  window_orders: number | null;
  annual_fen: number | null;
  active_referrals: number | null;
  contribution_points: number | null;
}

/**
 * Customers with their tiers and the metrics of the last evaluation, ordered by customer id (SQLite's
 * byte order), filtered as the customer list is.
 */
export function* exportCustomers(
  db: ReadableDB,
  opts: { lang: ExportLang; filter?: CustomerExportFilter; today?: string },
): Generator<string> {
  const { lang } = opts;
  const zone = platformZone(db);
  // "Overridden" means an override that holds today.
  const { where, params } = customerFilterSql(opts.filter ?? {}, opts.today ?? todayIn(zone, Date.now()));
  const fmt = instantFormatter(zone);
  const stmt = (keyed: boolean) =>
    db.prepare<unknown[], CustomerRow>(
      `SELECT c.customer_id, c.name, c.kind, c.realname_verified, c.phone_verified, c.registered_at,
              coalesce(a.tier, 'none') AS tier, coalesce(a.computed_tier, 'none') AS computed_tier, a.pending_tier, a.protected_until, a.since,
              m.cumulative_fen, m.paid_orders, m.window_fen, m.window_orders, m.annual_fen, m.active_referrals, m.contribution_points
         FROM customers c LEFT JOIN assignments a ON a.cust = c.id LEFT JOIN customer_metrics m ON m.cust = c.id
        ${[...where, ...(keyed ? ['c.customer_id > ?'] : [])].map((w, i) => `${i ? 'AND' : 'WHERE'} ${w}`).join(' ')}
        ORDER BY c.customer_id LIMIT ?`,
    );
  const first = stmt(false);
  const next = stmt(true);
  const rows = keysetPages<CustomerRow, string>(
    (after, limit) => (after === undefined ? first.all(...params, limit) : next.all(...params, after, limit)),
    (r) => r.customer_id,
  );
  const columns: Column<CustomerRow>[] = [
    { zh: '客户编号', en: 'Customer ID', cell: (r) => r.customer_id },
    { zh: '姓名', en: 'Name', cell: (r) => r.name },
    { zh: '客户类型', en: 'Kind', cell: (r) => kindLabel(r.kind, lang) },
    { zh: '实名认证', en: 'Real-name verified', cell: (r) => yesNo(r.realname_verified, lang) },
    { zh: '手机号验证', en: 'Phone verified', cell: (r) => yesNo(r.phone_verified, lang) },
    { zh: '当前级别', en: 'Current tier', cell: (r) => tierLabel(r.tier, lang) },
    { zh: '计算级别', en: 'Computed tier', cell: (r) => tierLabel(r.computed_tier, lang) },
    { zh: '待审核级别', en: 'Pending review for', cell: (r) => tierLabel(r.pending_tier, lang) },
    { zh: '保护期至', en: 'Protected until', cell: (r) => r.protected_until },
    { zh: '级别生效日', en: 'Tier since', cell: (r) => r.since },
    { zh: '累计消费(元)', en: 'Cumulative spend (CNY)', cell: (r) => fenText(r.cumulative_fen) },
    { zh: '已付订单数', en: 'Paid orders', cell: (r) => r.paid_orders },
    { zh: '窗口期消费(元)', en: 'Window spend (CNY)', cell: (r) => fenText(r.window_fen) },
    { zh: '窗口期订单数', en: 'Window orders', cell: (r) => r.window_orders },
    { zh: '年采购额(元)', en: 'Annual spend (CNY)', cell: (r) => fenText(r.annual_fen) },
    { zh: '成功邀请活跃用户', en: 'Active referrals', cell: (r) => r.active_referrals },
    { zh: '行为贡献度', en: 'Contribution points', cell: (r) => r.contribution_points },
    { zh: '注册时间', en: 'Registered', cell: (r) => fmt(r.registered_at) },
  ];
  yield* csvDocument(columns, rows, lang);
}

// ---------------------------------------------------------------- tier history

export interface HistoryExportFilter {
  customerId?: string;
  /** Change dates from, inclusive (`YYYY-MM-DD`). */
  from?: string;
  /** Change dates to, inclusive. */
  to?: string;
  cause?: 'evaluation' | 'protection_expiry' | 'review' | 'override' | 'policy';
}

interface HistoryRow {
  id: number;
  on_date: string;
  customer_id: string;
  name: string;
  from_tier: string;
  to_tier: string;
  cause: string;
  policy_version: number | null;
  actor: string;
  reason: string | null;
  at: number;
}

/** Every change of assigned tier, oldest first. */
export function* exportTierHistory(db: ReadableDB, opts: { lang: ExportLang; filter?: HistoryExportFilter }): Generator<string> {
  const { lang } = opts;
  const f = opts.filter ?? {};
  checkDate('from', f.from);
  checkDate('to', f.to);
  const where: string[] = ['h.id > ?'];
  const params: unknown[] = [];
  if (f.customerId !== undefined) {
    where.push('c.customer_id = ?');
    params.push(f.customerId);
  }
  if (f.from) {
    where.push('h.on_date >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('h.on_date <= ?');
    params.push(f.to);
  }
  if (f.cause) {
    where.push('h.cause = ?');
    params.push(f.cause);
  }
  const stmt = db.prepare<unknown[], HistoryRow>(
    `SELECT h.id, h.on_date, c.customer_id, c.name, h.from_tier, h.to_tier, h.cause, h.policy_version, h.actor, h.reason, h.at
       FROM tier_history h JOIN customers c ON c.id = h.cust WHERE ${where.join(' AND ')} ORDER BY h.id LIMIT ?`,
  );
  const fmt = instantFormatter(platformZone(db));
  const rows = keysetPages<HistoryRow, number>(
    (after, limit) => stmt.all(after ?? 0, ...params, limit),
    (r) => r.id,
  );
  const columns: Column<HistoryRow>[] = [
    { zh: '变更日期', en: 'Date', cell: (r) => r.on_date },
    { zh: '客户编号', en: 'Customer ID', cell: (r) => r.customer_id },
    { zh: '姓名', en: 'Name', cell: (r) => r.name },
    { zh: '原级别', en: 'From tier', cell: (r) => tierLabel(r.from_tier, lang) },
    { zh: '新级别', en: 'To tier', cell: (r) => tierLabel(r.to_tier, lang) },
    { zh: '变更原因', en: 'Cause', cell: (r) => causeLabel(r.cause, lang) },
    { zh: '策略版本', en: 'Policy version', cell: (r) => r.policy_version },
    { zh: '操作人', en: 'Actor', cell: (r) => r.actor },
    { zh: '说明', en: 'Reason', cell: (r) => r.reason },
    { zh: '记录时间', en: 'Recorded at', cell: (r) => fmt(r.at) },
  ];
  yield* csvDocument(columns, rows, lang);
}

// ---------------------------------------------------------------- evaluation runs

interface RunRow {
  id: number;
  as_of: string;
  policy_version: number;
  window_months: number;
  started_at: number;
  finished_at: number;
  actor: string;
  customers: number;
  counts: Record<string, number>;
  gmv: Record<string, number>;
  upgrades: number;
  downgrades: number;
  pending_reviews: number;
  protected: number;
}

/** Every evaluation run, oldest first, with the count and annual GMV of each tier. */
export function* exportEvaluationRuns(db: ReadableDB, opts: { lang: ExportLang }): Generator<string> {
  const { lang } = opts;
  const stmt = db.prepare('SELECT * FROM evaluation_runs WHERE id > ? ORDER BY id LIMIT ?');
  const fmt = instantFormatter(platformZone(db));
  const rows = keysetPages<RunRow, number>(
    (after, limit) =>
      (stmt.all(after ?? 0, limit) as (Omit<RunRow, 'counts' | 'gmv'> & { counts: string; gmv_fen: string })[]).map((r) => ({
        ...r,
        counts: JSON.parse(r.counts) as Record<string, number>,
        gmv: JSON.parse(r.gmv_fen) as Record<string, number>,
      })),
    (r) => r.id,
  );
  const columns: Column<RunRow>[] = [
    { zh: '运行编号', en: 'Run', cell: (r) => r.id },
    { zh: '评估日期', en: 'As of', cell: (r) => r.as_of },
    { zh: '策略版本', en: 'Policy version', cell: (r) => r.policy_version },
    { zh: '窗口月数', en: 'Window months', cell: (r) => r.window_months },
    { zh: '开始时间', en: 'Started', cell: (r) => fmt(r.started_at) },
    { zh: '完成时间', en: 'Finished', cell: (r) => fmt(r.finished_at) },
    { zh: '操作人', en: 'Actor', cell: (r) => r.actor },
    { zh: '客户数', en: 'Customers', cell: (r) => r.customers },
    ...TIERS.map((t): Column<RunRow> => ({
      zh: `${tierLabel(t, 'zh-CN')}人数`,
      en: `${tierLabel(t, 'en')} customers`,
      cell: (r) => r.counts[t] ?? 0,
    })),
    ...TIERS.map((t): Column<RunRow> => ({
      zh: `${tierLabel(t, 'zh-CN')}年采购额(元)`,
      en: `${tierLabel(t, 'en')} annual spend (CNY)`,
      cell: (r) => fenText(r.gmv[t] ?? 0),
    })),
    { zh: '升级人数', en: 'Upgrades', cell: (r) => r.upgrades },
    { zh: '降级人数', en: 'Downgrades', cell: (r) => r.downgrades },
    { zh: '待审核', en: 'Pending reviews', cell: (r) => r.pending_reviews },
    { zh: '保护期中', en: 'Protected', cell: (r) => r.protected },
  ];
  yield* csvDocument(columns, rows, lang);
}

// ---------------------------------------------------------------- contracts

/** Supreme partner contracts as the contract list shows them on `today` (its filter, flags and progress). */
export function* exportContracts(db: ReadableDB, opts: { lang: ExportLang; today: string; filter?: ContractFilter }): Generator<string> {
  const { lang } = opts;
  checkDate('today', opts.today);
  const columns: Column<ContractView>[] = [
    { zh: '合同编号', en: 'Contract number', cell: (c) => c.number },
    { zh: '客户编号', en: 'Customer ID', cell: (c) => c.customerId },
    { zh: '客户名称', en: 'Customer name', cell: (c) => c.customerName },
    { zh: '客户当前级别', en: 'Customer tier', cell: (c) => tierLabel(c.customerTier, lang) },
    { zh: '状态', en: 'Status', cell: (c) => contractStatusLabel(c.status, lang) },
    { zh: '开始日期', en: 'Start', cell: (c) => c.start },
    { zh: '结束日期', en: 'End', cell: (c) => c.end },
    { zh: '年采购承诺(元)', en: 'Annual commitment (CNY)', cell: (c) => fenText(c.commitmentFen) },
    { zh: '高毛利商品利润分成', en: 'Profit share', cell: (c) => percent(c.profitShare) },
    { zh: '联合品牌曝光位', en: 'Co-branding slots', cell: (c) => c.coBrandingSlots },
    { zh: '库存保障(小时)', en: 'Inventory guarantee (h)', cell: (c) => c.inventoryHours },
    { zh: '专属物流渠道', en: 'Dedicated logistics', cell: (c) => yesNo(c.logisticsChannel, lang) },
    { zh: '决策参与席位', en: 'Advisory seat', cell: (c) => yesNo(c.advisorySeat, lang) },
    { zh: '客户经理', en: 'Account manager', cell: (c) => c.accountManager },
    { zh: '自动续约', en: 'Auto-renew', cell: (c) => yesNo(c.autoRenew, lang) },
    { zh: '续签自', en: 'Renews', cell: (c) => c.renews },
    { zh: '提醒', en: 'Flags', cell: (c) => c.flags.map((f) => contractFlagLabel(f, lang)).join(lang === 'zh-CN' ? '、' : ', ') || null },
    { zh: '本合同年承诺完成度', en: 'Commitment progress', cell: (c) => percent(c.commitment?.progress) },
    { zh: '备注', en: 'Notes', cell: (c) => c.notes },
  ];
  yield* csvDocument(columns, listContracts(db, opts.today, opts.filter ?? {}), lang);
}

// ---------------------------------------------------------------- audit log

/** The audit log under the audit page's filter, newest first, before/after as JSON text. */
export function* exportAuditLog(db: ReadableDB, opts: { lang: ExportLang; filter?: AuditFilter }): Generator<string> {
  const { lang } = opts;
  const { sql, params } = auditWhere(db, opts.filter ?? {});
  const keyed = `${sql ? `${sql} AND` : 'WHERE'} id < ?`;
  const stmt = db.prepare<unknown[], AuditLogRow>(`SELECT * FROM audit_log ${keyed} ORDER BY id DESC LIMIT ?`);
  const fmt = instantFormatter(platformZone(db));
  const rows = keysetPages<AuditRow, number>(
    (after, limit) => stmt.all(...params, after ?? Number.MAX_SAFE_INTEGER, limit).map(toAuditEntry),
    (r) => r.id,
  );
  const columns: Column<AuditRow>[] = [
    { zh: '编号', en: 'ID', cell: (r) => r.id },
    { zh: '时间', en: 'Time', cell: (r) => fmt(r.at) },
    { zh: '操作人', en: 'Actor', cell: (r) => r.actor },
    { zh: '操作', en: 'Action', cell: (r) => r.action },
    { zh: '对象类型', en: 'Entity', cell: (r) => r.entity },
    { zh: '对象编号', en: 'Entity ID', cell: (r) => r.entityId },
    { zh: '变更前', en: 'Before', cell: (r) => json(r.before) },
    { zh: '变更后', en: 'After', cell: (r) => json(r.after) },
    { zh: '详情', en: 'Details', cell: (r) => json(r.details) },
  ];
  yield* csvDocument(columns, rows, lang);
}
