import { DomainError } from '../errors';
import { csvLine } from '@shared/csv';
import { TIERS, tierOrder, type Tier } from '@shared/tiers';
import type { MoverPage, MoverRow } from '@shared/api/channels/policy';
import type { SimContext, Simulation } from './engine';

export type { MoverPage, MoverRow };

export interface MoverQuery {
  offset?: number;
  /** Rows per page (default 50, at most 10,000). */
  limit?: number;
  /** Case-insensitive substring of the customer id or name. */
  search?: string;
  direction?: 'up' | 'down';
  /** Only customers moving out of this baseline tier / into this scenario tier. */
  from?: Tier;
  to?: Tier;
}

/** Positions (and names) are those of the data stamp the simulation ran at. */
function checkFresh(ctx: SimContext, sim: Simulation): void {
  if (ctx.cache.refresh(ctx.db) !== sim.stamp) {
    throw new DomainError(
      'SIMULATION_STALE',
      'the data changed since this simulation was run (an import, an evaluation or a policy change); run it again',
    );
  }
}

/** Positions of the customers whose tier differs and that match the query, in internal id order. */
function* matching(ctx: SimContext, sim: Simulation, q: MoverQuery): Generator<number> {
  const { baseline, scenario, metrics } = sim;
  const from = q.from === undefined ? -1 : tierOrder(q.from);
  const to = q.to === undefined ? -1 : tierOrder(q.to);
  const needle = q.search?.trim().toLowerCase() ?? '';
  const names = needle ? ctx.cache.names(ctx.db, metrics) : null;
  for (let k = 0; k < metrics.n; k++) {
    const b = baseline[k]!,
      s = scenario[k]!;
    if (b === s) continue;
    if (q.direction === 'up' ? s < b : q.direction === 'down' ? s > b : false) continue;
    if ((from >= 0 && b !== from) || (to >= 0 && s !== to)) continue;
    if (names && !metrics.customerIds[k]!.toLowerCase().includes(needle) && !names[k]!.toLowerCase().includes(needle)) continue;
    yield k;
  }
}

function row(ctx: SimContext, sim: Simulation, k: number): MoverRow {
  const m = sim.metrics;
  return {
    customerId: m.customerIds[k]!,
    name: ctx.cache.names(ctx.db, m)[k]!,
    from: TIERS[sim.baseline[k]!]!,
    to: TIERS[sim.scenario[k]!]!,
    assigned: TIERS[sim.assigned[k]!]!,
    annualSpend: m.annualFen[k]! / 100,
    cumulativeSpend: m.cumulativeFen[k]! / 100,
  };
}

/** One page of the customers who move, in internal id (import) order. */
export function listMovers(ctx: SimContext, sim: Simulation, q: MoverQuery = {}): MoverPage {
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  const limit = Math.min(10_000, Math.max(1, Math.floor(q.limit ?? 50)));
  checkFresh(ctx, sim);
  const rows: MoverRow[] = [];
  let total = 0;
  for (const k of matching(ctx, sim, q)) {
    if (total >= offset && rows.length < limit) rows.push(row(ctx, sim, k));
    total++;
  }
  return { total, offset, limit, rows };
}

const fenText = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
// A spreadsheet would run a cell starting with one of these as a formula.
const neutral = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * Every mover matching the query as CSV for people (UTF-8 with a BOM so Excel reads the Chinese
 * names; text cells that look like formulas are neutralised), in chunks.
 */
export function* moversCsv(ctx: SimContext, sim: Simulation, q: Omit<MoverQuery, 'offset' | 'limit'> = {}): Generator<string> {
  checkFresh(ctx, sim);
  const m = sim.metrics;
  const names = ctx.cache.names(ctx.db, m);
  let chunk = '\ufeff' + csvLine(['customer_id', 'name', 'active_tier', 'draft_tier', 'assigned_tier', 'annual_spend', 'cumulative_spend']);
  for (const k of matching(ctx, sim, q)) {
    chunk += csvLine([
      neutral(m.customerIds[k]!),
      neutral(names[k]!),
      TIERS[sim.baseline[k]!]!,
      TIERS[sim.scenario[k]!]!,
      TIERS[sim.assigned[k]!]!,
      fenText(m.annualFen[k]!),
      fenText(m.cumulativeFen[k]!),
    ]);
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
