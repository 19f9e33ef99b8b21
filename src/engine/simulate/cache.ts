import type { ReadableDB } from '../sql/connection';
import { scan } from '../sql/connection';
import { platformZone } from '../db';
import { computeMetrics, type MetricsTable, type OnProgress } from '../metrics';
import { getActivePolicy, type StoredPolicy } from '../policies';
import { compileClassifier } from '../classify';
import { tierOrder, type Tier } from '@shared/tiers';

/** The active policy's computed tiers at one as-of date, with their per-tier totals. */
export interface Baseline {
  policyVersion: number;
  asOf: string;
  /** Tier order per position; shared by every simulation of this stamp: never write to it. */
  tiers: Uint8Array;
  counts: Float64Array;
  /** Annual spend in fen per tier. */
  gmvFen: Float64Array;
}

/**
 * What a simulation reads besides the draft, kept between simulations so that a re-simulation only
 * classifies the draft: metrics per (as-of, window months), the assigned tiers, the active policy,
 * the baseline (the active policy's computed tiers: a function of the policy version and the metrics,
 * which a draft edit changes neither of) and the customer names (for the movers search), all
 * positioned by internal customer id like MetricsTable.
 *
 * Validity is one data stamp, read before every use with a handful of O(log n) lookups:
 * - the newest audit row (id and instant) other than draft and contract actions: every mutation of
 *   customers, orders, referrals, contributions, assignments, overrides, reviews and policies writes
 *   an audit row in its own transaction (spec, issue 7), so an import, an evaluation, a review
 *   decision or an override moves it; draft saves and contract changes touch nothing a simulation
 *   reads, and must not throw away a million-row metrics table while a manager edits. The instant is
 *   part of it because a restore can bring back an older log whose last id happens to match;
 * - max(customers.id), max(evaluation_runs.id), max(policies.version): cheap extra guards for writers
 *   that add rows without an audit row (the demo generator, fixtures written in SQL);
 * - the platform time zone, which moves every window boundary.
 * Counting rows or summing amounts instead would be exact for more cases but costs a full scan of
 * ~10M orders (about a second) on every keystroke, and still misses an order flipped to refunded.
 * Anything that changes the data without an audit row must call `invalidate()`.
 */
export class SimulationCache {
  private stamp: string | null = null;
  private readonly tables = new Map<string, MetricsTable>();
  private readonly baselines = new Map<string, Baseline>();
  private assignedTiers: Uint8Array | null = null;
  private customerNames: string[] | null = null;
  private active: StoredPolicy | null = null;
  private zone = '';
  private built = 0;

  /** @param maxTables metrics tables kept (each ≈ 90 bytes per customer plus the id strings). */
  constructor(readonly maxTables = 4) {}

  invalidate(): void {
    this.stamp = null;
    this.tables.clear();
    this.baselines.clear();
    this.assignedTiers = null;
    this.customerNames = null;
    this.active = null;
  }

  /** Reads the data stamp; drops everything cached when it moved. Returns it. */
  refresh(db: ReadableDB): string {
    const s = dataStamp(db);
    if (s !== this.stamp) {
      this.invalidate();
      this.stamp = s;
      this.zone = platformZone(db);
    }
    return s;
  }

  /** Metrics tables built so far (compare before and after a call to know whether one was). */
  get builds(): number {
    return this.built;
  }

  activePolicy(db: ReadableDB): StoredPolicy {
    return (this.active ??= getActivePolicy(db));
  }

  metrics(db: ReadableDB, asOf: string, windowMonths: number, onProgress?: OnProgress): MetricsTable {
    if (this.stamp === null) this.refresh(db);
    const key = `${asOf}|${windowMonths}`;
    let m = this.tables.get(key);
    if (m) {
      // Most recently used last, so eviction drops the oldest.
      this.tables.delete(key);
    } else {
      m = computeMetrics(db, asOf, windowMonths, this.zone, onProgress);
      this.built++;
      while (this.tables.size >= this.maxTables) this.tables.delete(this.tables.keys().next().value!);
    }
    this.tables.set(key, m);
    return m;
  }

  /** The active policy classified by compileClassifier over `m` (its own window's metrics). */
  baseline(active: StoredPolicy, m: MetricsTable): Baseline {
    const key = `${m.asOf}|${active.version}`;
    let b = this.baselines.get(key);
    if (b && b.tiers.length === m.n) return b;
    const tiers = new Uint8Array(m.n);
    compileClassifier(active.policy)(m, m.n, tiers);
    const counts = new Float64Array(6),
      gmvFen = new Float64Array(6);
    const annual = m.annualFen;
    for (let k = 0; k < m.n; k++) {
      counts[tiers[k]!]!++;
      gmvFen[tiers[k]!]! += annual[k]!;
    }
    b = { policyVersion: active.version, asOf: m.asOf, tiers, counts, gmvFen };
    while (this.baselines.size >= this.maxTables) this.baselines.delete(this.baselines.keys().next().value!);
    this.baselines.set(key, b);
    return b;
  }

  /** Assigned tier order per position (none when a customer has no assignment row). */
  assigned(db: ReadableDB, m: MetricsTable): Uint8Array {
    if (this.assignedTiers && this.assignedTiers.length === m.n) return this.assignedTiers;
    const pos = positions(m);
    const out = new Uint8Array(m.n);
    for (const [cust, tier] of scan<[number, Tier]>(db, 'SELECT cust, tier FROM assignments')) {
      const k = pos(cust);
      if (k >= 0) out[k] = tierOrder(tier);
    }
    return (this.assignedTiers = out);
  }

  names(db: ReadableDB, m: MetricsTable): string[] {
    if (this.customerNames && this.customerNames.length === m.n) return this.customerNames;
    const pos = positions(m);
    const out: string[] = new Array(m.n).fill('');
    for (const [id, name] of scan<[number, string]>(db, 'SELECT id, name FROM customers')) {
      const k = pos(id);
      if (k >= 0) out[k] = name;
    }
    return (this.customerNames = out);
  }
}

function positions(m: MetricsTable): (id: number) => number {
  const max = m.n ? m.ids[m.n - 1]! : 0;
  const pos = new Int32Array(max + 1).fill(-1);
  for (let k = 0; k < m.n; k++) pos[m.ids[k]!] = k;
  return (id) => (id <= max ? pos[id]! : -1);
}

/** The last audit row (`id@at`), the highest customer key, run id and policy version, and the zone. */
interface DataStampRow {
  audit: string | null;
  customers: number | null;
  runs: number | null;
  policy: number | null;
  zone: string | null;
}

/** The data stamp described on SimulationCache. */
export function dataStamp(db: ReadableDB): string {
  const r = db
    .prepare<[], DataStampRow>(
      `SELECT (SELECT id || '@' || at FROM audit_log
                WHERE action NOT LIKE 'draft.%' AND action NOT LIKE 'contract.%' ORDER BY id DESC LIMIT 1) AS audit,
              (SELECT max(id) FROM customers) AS customers,
              (SELECT max(id) FROM evaluation_runs) AS runs,
              (SELECT max(version) FROM policies) AS policy,
              (SELECT value FROM settings WHERE key = 'timezone') AS zone`,
    )
    .get()!;
  return `${r.audit ?? '-'}|${r.customers ?? 0}|${r.runs ?? 0}|${r.policy ?? 0}|${r.zone ?? ''}`;
}
