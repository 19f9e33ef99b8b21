import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { evaluate } from '../../src/engine/evaluate';
import { audit } from '../../src/engine/audit';
import { setOverride } from '../../src/engine/overrides';
import { activateContract, createContract } from '../../src/engine/contracts/index';
import { approveReview } from '../../src/engine/reviews';
import { BOM, exportCsv, exportField, exportFileName, neutralise, type PeopleExport } from '../../src/engine/exports/index';
import { instantFormatter } from '../../src/engine/exports/csv';
import { DateTime } from 'luxon';
import { TimestampParser } from '../../src/engine/time';
import { clock, tempDir } from '../helpers/fixture';

const opened: DB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

const now = clock('2026-11-23 10:00:00');
const ts = new TimestampParser('Asia/Shanghai');

function fresh(): DB {
  const db = openDb(path.join(tempDir('tierdesk-export-'), 'shop.db'), { create: true, now });
  opened.push(db);
  return db;
}

function customer(db: DB, id: string, name: string, kind: 'individual' | 'enterprise' = 'individual'): number {
  return Number(
    db
      .prepare(
        'INSERT INTO customers (customer_id, name, kind, realname_verified, phone_verified, registered_at) VALUES (?, ?, ?, 1, 0, ?)',
      )
      .run(id, name, kind, ts.parse('2025-03-01 08:30:00')).lastInsertRowid,
  );
}
let orderSeq = 0;
function order(db: DB, cust: number, at: string, fen: number): void {
  db.prepare("INSERT INTO orders (order_id, cust, placed_at, amount_fen, status) VALUES (?, ?, ?, ?, 'paid')").run(
    `O${++orderSeq}`,
    cust,
    ts.parse(at),
    fen,
  );
}

function collect(db: DB, req: PeopleExport, lang: 'zh-CN' | 'en' = 'zh-CN'): { text: string; chunks: string[]; rows: string[][] } {
  const chunks = [...exportCsv(db, req, lang)];
  const text = chunks.join('');
  const rows = parse(text, { bom: true, relax_column_count: false }) as string[][];
  return { text, chunks, rows };
}

describe('cells for people', () => {
  it('neutralises text a spreadsheet would run as a formula, quotes per RFC 4180, leaves engine numbers alone', () => {
    for (const s of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tX', '\rY', '=HYPERLINK("http://evil","点我")'])
      expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['张三', 'a=b', ' =x', '100', '']) expect(neutralise(s)).toBe(s);
    expect(exportField('=1+1')).toBe("'=1+1");
    expect(exportField('a,b')).toBe('"a,b"');
    expect(exportField('say "hi"')).toBe('"say ""hi"""');
    expect(exportField('-1,5')).toBe(`"'-1,5"`);
    expect(exportField(-5)).toBe('-5');
    expect(exportField(null)).toBe('');
  });
});

describe('local times', () => {
  it('match luxon on every quarter hour around daylight-saving changes and in Shanghai', () => {
    for (const [zone, day] of [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['America/St_Johns', '2026-03-08'],
      ['Asia/Shanghai', '2026-11-23'],
    ] as const) {
      const fmt = instantFormatter(zone);
      const start = DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: 1 }).toMillis();
      for (let ms = start; ms < start + 3 * 86_400_000; ms += 900_000 + 7) {
        expect(fmt(ms), `${zone} ${ms}`).toBe(DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss'));
      }
    }
  });
});

describe('customers with tiers', () => {
  it('UTF-8 with BOM, CRLF, Chinese headers; formula-like names come back as text', () => {
    const db = fresh();
    const names = [
      '=HYPERLINK("http://evil","点我")',
      '+86 138',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '王五, 李六',
      '说 "你好"',
      '两行\n名字',
      '普通客户',
    ];
    names.forEach((n, i) => order(db, customer(db, `C${i}`, n), '2026-10-01 10:00:00', 60_000));
    evaluate(db, { asOf: '2026-11-23', now, actor: 'ops' });
    const { text, rows } = collect(db, { kind: 'customers' });
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(
      '客户编号,姓名,客户类型,实名认证,手机号验证,当前级别,计算级别,待审核级别,保护期至,级别生效日,累计消费(元),已付订单数,窗口期消费(元),窗口期订单数,年采购额(元),成功邀请活跃用户,行为贡献度,注册时间',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    names.forEach((n, i) => {
      const formula = /^[=+\-@\t\r]/.test(n);
      expect(byId.get(`C${i}`)![1]).toBe(formula ? `'${n}` : n);
    });
    expect(byId.get('C9')).toEqual([
      'C9',
      '普通客户',
      '个人用户',
      '是',
      '否',
      '白银会员',
      '白银会员',
      '',
      '',
      '2026-11-23',
      '600.00',
      '1',
      '600.00',
      '1',
      '600.00',
      '0',
      '0',
      '2025-03-01 08:30:00',
    ]);
  });

  it('English headers and labels', () => {
    const db = fresh();
    customer(db, 'E1', 'ACME', 'enterprise');
    const { rows } = collect(db, { kind: 'customers' }, 'en');
    expect(rows[0]!.slice(0, 6)).toEqual(['Customer ID', 'Name', 'Kind', 'Real-name verified', 'Phone verified', 'Current tier']);
    // Never evaluated: Unranked, no metrics yet.
    expect(rows[1]!.slice(0, 12)).toEqual(['E1', 'ACME', 'Enterprise', 'yes', 'no', 'Unranked', 'Unranked', '', '', '', '', '']);
  });

  it('applies the filter: tier, kind, search by id or name, pending, protected', () => {
    const db = fresh();
    const put = (
      id: string,
      name: string,
      kind: 'individual' | 'enterprise',
      tier: string,
      pending: string | null,
      prot: string | null,
    ) => {
      const k = customer(db, id, name, kind);
      db.prepare('INSERT INTO assignments (cust, tier, computed_tier, pending_tier, protected_until, since) VALUES (?, ?, ?, ?, ?, ?)').run(
        k,
        tier,
        tier,
        pending,
        prot,
        '2026-01-01',
      );
    };
    put('A1', '张三', 'individual', 'gold', 'supreme', null);
    put('A2', '李四', 'enterprise', 'gold', null, '2027-01-01');
    put('B1', '王五', 'enterprise', 'silver', null, null);
    customer(db, 'B2', '赵六'); // never evaluated: none
    const ids = (filter: Extract<PeopleExport, { kind: 'customers' }>['filter']) =>
      collect(db, { kind: 'customers', filter })
        .rows.slice(1)
        .map((r) => r[0]);
    expect(ids({})).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect(ids({ tier: 'gold' })).toEqual(['A1', 'A2']);
    expect(ids({ tier: ['silver', 'none'] })).toEqual(['B1', 'B2']);
    expect(ids({ kind: 'enterprise' })).toEqual(['A2', 'B1']);
    expect(ids({ search: 'b' })).toEqual(['B1', 'B2']);
    expect(ids({ search: '李' })).toEqual(['A2']);
    expect(ids({ search: '%' })).toEqual([]);
    expect(ids({ pending: true })).toEqual(['A1']);
    expect(ids({ protected: true })).toEqual(['A2']);
    expect(ids({ protected: false, kind: 'enterprise' })).toEqual(['B1']);
    expect(() => collect(db, { kind: 'customers', filter: { tier: 'platinum' as never } })).toThrow(
      expect.objectContaining({ code: 'BAD_TIER' }),
    );
  });

  it('streams in chunks, reading a page at a time, without losing or repeating a row', () => {
    const db = fresh();
    const n = 4500;
    db.transaction(() => {
      for (let i = 0; i < n; i++) customer(db, `K${String(i).padStart(5, '0')}`, `客户${i}`);
    })();
    const { chunks, rows } = collect(db, { kind: 'customers' });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.length).toBeLessThan(70_000);
    expect(rows.length).toBe(n + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => `K${String(i).padStart(5, '0')}`));
    // No statement stays open between chunks: the connection is free for other work mid-download.
    const gen = exportCsv(db, { kind: 'customers' }, 'zh-CN');
    gen.next();
    db.prepare("UPDATE settings SET value = value WHERE key = 'timezone'").run();
    expect([...gen].length).toBeGreaterThan(0);
  });
});

describe('other exports', () => {
  function session(): DB {
    const db = fresh();
    const s1 = customer(db, 'S1', '至尊甲', 'enterprise');
    order(db, s1, '2026-06-01 10:00:00', 2_500_000);
    const c2 = customer(db, 'C2', '=cmd|calc');
    order(db, c2, '2026-06-01 10:00:00', 60_000);
    evaluate(db, { asOf: '2026-11-23', now, actor: 'ops' });
    approveReview(db, 'S1', '战略客户', { actor: 'manager', now });
    setOverride(db, 'C2', 'gold', '+试用', null, { actor: 'manager', now });
    return db;
  }

  it('tier history: every change, oldest first, labels in the language, formula-like reasons neutralised', () => {
    const db = session();
    const { rows } = collect(db, { kind: 'tier-history' });
    expect(rows[0]).toEqual(['变更日期', '客户编号', '姓名', '原级别', '新级别', '变更原因', '策略版本', '操作人', '说明', '记录时间']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5], r[8]])).toEqual([
      ['S1', '至尊甲', '未定级', '钻石会员', '定期评估', ''],
      ['C2', "'=cmd|calc", '未定级', '白银会员', '定期评估', ''],
      ['S1', '至尊甲', '钻石会员', '至尊合作伙伴', '人工审核', '战略客户'],
      ['C2', "'=cmd|calc", '白银会员', '黄金会员', '手动调整', "'+试用"],
    ]);
    expect(rows[1]![9]).toBe('2026-11-23 10:00:00');
    const c2 = collect(db, { kind: 'tier-history', filter: { customerId: 'C2', cause: 'override' } }, 'en').rows;
    expect(c2.slice(1).map((r) => [r[3], r[4], r[5]])).toEqual([['Silver', 'Gold', 'Manual override']]);
    expect(collect(db, { kind: 'tier-history', filter: { from: '2026-11-24' } }).rows).toHaveLength(1);
    expect(() => collect(db, { kind: 'tier-history', filter: { to: '2026-02-30' } })).toThrow(
      expect.objectContaining({ code: 'BAD_DATE' }),
    );
  });

  it('evaluation runs with counts and annual spend per tier', () => {
    const db = session();
    const { rows } = collect(db, { kind: 'evaluation-runs' });
    const head = rows[0]!;
    const row = Object.fromEntries(head.map((h, i) => [h, rows[1]![i]]));
    expect(rows).toHaveLength(2);
    expect(row).toMatchObject({
      运行编号: '1',
      评估日期: '2026-11-23',
      策略版本: '1',
      客户数: '2',
      钻石会员人数: '1',
      白银会员人数: '1',
      至尊合作伙伴人数: '0',
    });
    expect(row['钻石会员年采购额(元)']).toBe('25000.00');
    expect(row['待审核']).toBe('1');
  });

  it('contracts through the contract list, and the audit log under its filter', () => {
    const db = session();
    const c = { actor: 'sales', now };
    createContract(db, c, {
      number: 'HT-001',
      customerId: 'S1',
      start: '2026-12-01',
      end: '2027-11-30',
      commitmentFen: 12_345_678,
      profitShare: 0.125,
      notes: '@备注',
      logisticsChannel: true,
    });
    activateContract(db, c, 'HT-001');
    const contracts = collect(db, { kind: 'contracts', today: '2026-11-23' }).rows;
    const row = Object.fromEntries(contracts[0]!.map((h, i) => [h, contracts[1]![i]]));
    expect(row).toMatchObject({
      合同编号: 'HT-001',
      客户编号: 'S1',
      状态: '生效中',
      '年采购承诺(元)': '123456.78',
      高毛利商品利润分成: '12.5%',
      专属物流渠道: '是',
      备注: "'@备注",
    });

    audit(db, now(), { actor: '=evil()', action: 'x.y', entity: 'thing', details: { note: '=1+1' } });
    const log = collect(db, { kind: 'audit' }, 'en').rows;
    expect(log[0]).toEqual(['ID', 'Time', 'Actor', 'Action', 'Entity', 'Entity ID', 'Before', 'After', 'Details']);
    expect(log[1]!.slice(2, 4)).toEqual(["'=evil()", 'x.y']);
    expect(log[1]![8]).toBe('{"note":"=1+1"}');
    expect(log.slice(1).map((r) => r[3])).toEqual([
      'x.y',
      'contract.activate',
      'contract.create',
      'override.set',
      'review.approve',
      'evaluation.run',
    ]);
    expect(
      collect(db, { kind: 'audit', filter: { action: 'contract' } })
        .rows.slice(1)
        .map((r) => r[3]),
    ).toEqual(['contract.activate', 'contract.create']);
  });

  it('suggests a file name from the kind and the local time', () => {
    expect(exportFileName('customers', now(), 'Asia/Shanghai')).toBe('customers-20261123-1000.csv');
  });
});
