import type { ReadableDB } from './sql/connection';
import { count, scan } from './sql/connection';
import { windowsFor, type Windows } from './time';

/**
 * Per-customer metrics as of one date, columnar: position i is the i-th customer by internal id.
 * Counts and fen sums are integers held in Float64Array so compiled rules compare one array type.
 */
export interface MetricsTable {
  asOf: string;
  windowMonths: number;
  windows: Windows;
  n: number;
  /** Internal customer ids (customers.id), ascending. */
  ids: Int32Array;
  customerIds: string[];
  cumulativeFen: Float64Array;
  paidOrders: Float64Array;
  windowFen: Float64Array;
  windowOrders: Float64Array;
  annualFen: Float64Array;
  activeReferrals: Float64Array;
  contributionPoints: Float64Array;
  realnameVerified: Float64Array;
  phoneVerified: Float64Array;
  enterprise: Float64Array;
}

export type OnProgress = (p: { phase: string; done: number; total: number }) => void;

/** Aggregates every customer's metrics set-wise (one grouped scan per source table), never per customer. */
export function computeMetrics(db: ReadableDB, asOf: string, windowMonths: number, zone: string, onProgress?: OnProgress): MetricsTable {
  const w = windowsFor(asOf, windowMonths, zone);
  const total = count(db, 'SELECT count(*) AS n FROM customers');
  const ids = new Int32Array(total);
  const customerIds: string[] = new Array(total);
  const realname = new Float64Array(total),
    phone = new Float64Array(total),
    enterprise = new Float64Array(total);
  let maxId = 0;
  let i = 0;
  for (const row of scan<[number, string, number, number, string]>(
    db,
    'SELECT id, customer_id, realname_verified, phone_verified, kind FROM customers ORDER BY id',
  )) {
    ids[i] = row[0];
    customerIds[i] = row[1];
    realname[i] = row[2];
    phone[i] = row[3];
    enterprise[i] = row[4] === 'enterprise' ? 1 : 0;
    maxId = row[0];
    i++;
  }
  const n = i;
  const pos = new Int32Array(maxId + 1).fill(-1);
  for (let k = 0; k < n; k++) pos[ids[k]!] = k;
  onProgress?.({ phase: 'customers', done: n, total: n });

  const cumulativeFen = new Float64Array(n),
    paidOrders = new Float64Array(n),
    windowFen = new Float64Array(n);
  const windowOrders = new Float64Array(n),
    annualFen = new Float64Array(n);
  const orderRows = scan<[number, number, number, number, number, number]>(
    db,
    `SELECT cust, SUM(amount_fen), COUNT(*),
              SUM(CASE WHEN placed_at >= :ws THEN amount_fen ELSE 0 END),
              SUM(placed_at >= :ws),
              SUM(CASE WHEN placed_at >= :as THEN amount_fen ELSE 0 END)
         FROM orders WHERE status = 'paid' AND placed_at < :end GROUP BY cust`,
    { ws: w.windowStart, as: w.annualStart, end: w.end },
  );
  let done = 0;
  for (const r of orderRows) {
    const k = pos[r[0]]!;
    cumulativeFen[k] = r[1];
    paidOrders[k] = r[2];
    windowFen[k] = r[3];
    windowOrders[k] = r[4];
    annualFen[k] = r[5];
    if (++done % 100_000 === 0) onProgress?.({ phase: 'orders', done, total: n });
  }
  onProgress?.({ phase: 'orders', done: n, total: n });

  // Referral rules of spec §4: after as-of → absent; self-referrals dropped first; a customer referred
  // several times counts only for the earliest referral (same instant: the smaller referrer id string).
  const bestReferrer = new Int32Array(n).fill(-1);
  const bestAt = new Float64Array(n);
  for (const [referrer, referred, at] of scan<[number, number, number]>(
    db,
    'SELECT referrer, referred, referred_at FROM referrals WHERE referred_at < ? AND referrer <> referred',
    w.end,
  )) {
    const rk = pos[referrer]!,
      dk = pos[referred]!;
    const cur = bestReferrer[dk]!;
    if (cur < 0 || at < bestAt[dk]! || (at === bestAt[dk]! && customerIds[rk]! < customerIds[cur]!)) {
      bestReferrer[dk] = rk;
      bestAt[dk] = at;
    }
  }
  const activeReferrals = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rk = bestReferrer[k]!;
    if (rk >= 0 && realname[k] === 1 && windowOrders[k]! > 0) activeReferrals[rk]! += 1;
  }
  onProgress?.({ phase: 'referrals', done: n, total: n });

  const contributionPoints = new Float64Array(n);
  for (const [cust, pts] of scan<[number, number]>(
    db,
    'SELECT cust, SUM(points) FROM contributions WHERE at >= ? AND at < ? GROUP BY cust',
    w.windowStart,
    w.end,
  )) {
    contributionPoints[pos[cust]!] = pts;
  }
  onProgress?.({ phase: 'contributions', done: n, total: n });

  return {
    asOf,
    windowMonths,
    windows: w,
    n,
    ids,
    customerIds,
    cumulativeFen,
    paidOrders,
    windowFen,
    windowOrders,
    annualFen,
    activeReferrals,
    contributionPoints,
    realnameVerified: realname,
    phoneVerified: phone,
    enterprise,
  };
}

/** The metrics of spec §4 for one position, in their own units (CNY, counts, exact averages as numbers). */
export function metricValues(m: MetricsTable, k: number) {
  return {
    cumulativeSpend: m.cumulativeFen[k]! / 100,
    paidOrders: m.paidOrders[k]!,
    windowSpend: m.windowFen[k]! / 100,
    monthlySpend: m.windowFen[k]! / 100 / m.windowMonths,
    monthlyOrders: m.windowOrders[k]! / m.windowMonths,
    annualSpend: m.annualFen[k]! / 100,
    activeReferrals: m.activeReferrals[k]!,
    contributionPoints: m.contributionPoints[k]!,
    realnameVerified: m.realnameVerified[k]!,
    phoneVerified: m.phoneVerified[k]!,
    enterprise: m.enterprise[k]!,
  };
}
