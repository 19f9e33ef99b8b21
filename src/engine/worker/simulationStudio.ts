import crypto from 'node:crypto';
import type { ReadableDB } from '../db';
import { DomainError } from '../errors';
import {
  backtest,
  listMovers,
  moversCsv,
  simulate,
  simulationContext,
  sweep,
  sweepValues,
  type BacktestMonth,
  type SimContext,
  type Simulation,
} from '../simulate/index';
import { addMonths } from '../time';
import type { Policy } from '@shared/policy';
import type { JobProgress } from '@shared/api/types';
import type { SweepOutcome } from '@shared/api/channels/policy';
import type { OpInput, OpOutput, SimulationOp, SimulationRequest, SweepRange } from './simulationProtocol';
import { throttleProgress } from './throttle';

/** Simulations kept for paging and exporting their movers (each holds one byte per customer). */
const KEPT_SIMULATIONS = 8;
/** Prepared movers CSVs kept until read to the end (or replaced by newer ones). */
const KEPT_CSV = 4;
const CSV_CHUNK_CHARS = 1 << 20;

type Report = (p: JobProgress) => void;
type OpHandlers = { [K in SimulationOp]: (input: OpInput<K>, progress: Report) => OpOutput<K> | Promise<OpOutput<K>> };

const newId = () => crypto.randomBytes(12).toString('base64url');

function keep<T>(map: Map<string, T>, id: string, value: T, max: number): void {
  map.set(id, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The policy studio's state for one database connection, for the worker's whole life: one
 * simulation context (and so one metrics cache), so the metrics of an as-of date are built once
 * (seconds on a million customers) and every later simulation, while a manager drags a threshold,
 * only classifies (milliseconds); plus the latest simulations (for their movers) and prepared CSVs.
 * The cache's data stamp, read at every call, drops it all when another connection (the server's,
 * an import or evaluation job) changed what a simulation reads.
 */
export class SimulationStudio {
  private readonly sim: SimContext;
  private readonly runs = new Map<string, Simulation>();
  private readonly csv = new Map<string, string>();
  /** `asOf|windowMonths` of the metrics built at `stamp`, to say in advance that a call will be slow. */
  private readonly built = new Set<string>();
  private stamp = '';

  constructor(db: ReadableDB) {
    this.sim = simulationContext(db);
  }

  /** Runs one request; metrics builds and backtest months are reported through `progress`. */
  async handle(req: SimulationRequest, progress: Report): Promise<unknown> {
    const op = this.ops[req.op] as (input: unknown, progress: Report) => unknown;
    return op(req.input, progress);
  }

  /**
   * Runs `work` with the metrics build's progress going to the caller. When a metrics table will
   * have to be built, says so first; a re-simulation from the cache reports nothing.
   */
  private withMetrics<T>(asOf: string, windows: number[], progress: Report, work: () => T): T {
    const stamp = this.sim.cache.refresh(this.sim.db);
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.built.clear();
    }
    const keys = windows.map((w) => `${asOf}|${w}`);
    if (keys.some((k) => !this.built.has(k))) progress({ phase: 'metrics', done: 0, total: 1 });
    this.sim.onProgress = throttleProgress(progress);
    try {
      const value = work();
      for (const k of keys) this.built.add(k);
      return value;
    } finally {
      this.sim.onProgress = undefined;
    }
  }

  private runSweep(draft: Policy, asOf: string, s: SweepRange): SweepOutcome {
    const target = { tier: s.tier, rule: s.rule, condition: s.condition };
    const r = sweep(this.sim, draft, asOf, target, sweepValues(s.from, s.to, s.steps));
    return { ...target, points: r.points, engineMs: r.engineMs };
  }

  private kept(id: string): Simulation {
    const sim = this.runs.get(id);
    if (!sim)
      throw new DomainError(
        'SIMULATION_NOT_FOUND',
        `simulation ${id} is no longer kept (the latest ${KEPT_SIMULATIONS} are); run the simulation again`,
      );
    return sim;
  }

  private readonly ops: OpHandlers = {
    run: ({ draft, asOf, movers, sweep: range }, progress) => {
      const active = this.sim.cache.activePolicy(this.sim.db).policy.windowMonths;
      return this.withMetrics(asOf, [active, draft.windowMonths], progress, () => {
        const sim = simulate(this.sim, draft, asOf);
        const simulationId = newId();
        keep(this.runs, simulationId, sim, KEPT_SIMULATIONS);
        const page = listMovers(this.sim, sim, movers);
        return { simulationId, summary: sim.summary, movers: page, sweep: range ? this.runSweep(draft, asOf, range) : null };
      });
    },

    movers: ({ simulationId, query }) => listMovers(this.sim, this.kept(simulationId), query),

    moversCsv: ({ simulationId, query }) => {
      const sim = this.kept(simulationId);
      const text = Array.from(moversCsv(this.sim, sim, query)).join('');
      const rows = listMovers(this.sim, sim, { ...query, limit: 1 }).total;
      const exportId = newId();
      keep(this.csv, exportId, text, KEPT_CSV);
      return { exportId, fileName: `movers-${sim.summary.asOf.replaceAll('-', '')}.csv`, rows, chars: text.length };
    },

    moversCsvRead: ({ exportId, offset }) => {
      const text = this.csv.get(exportId);
      if (text === undefined)
        throw new DomainError(
          'EXPORT_NOT_FOUND',
          `export ${exportId} is not prepared (it is dropped once read to the end); export the movers again`,
        );
      if (offset > text.length)
        throw new DomainError('BAD_OFFSET', `offset ${offset} is past the end of the export (${text.length} characters)`);
      const end = Math.min(text.length, offset + CSV_CHUNK_CHARS);
      if (end === text.length) this.csv.delete(exportId);
      return { data: text.slice(offset, end), next: end === text.length ? null : end };
    },

    sweep: ({ draft, asOf, sweep: range }, progress) =>
      this.withMetrics(asOf, [draft.windowMonths], progress, () => this.runSweep(draft, asOf, range)),

    backtest: async ({ policy, months, today }, progress) => {
      const first = `${today.slice(0, 7)}-01`;
      const out: BacktestMonth[] = [];
      progress({ phase: 'backtest', done: 0, total: months });
      // One month per turn of the event loop: each is a full metrics build (seconds on a million
      // customers), and the studio's simulations waiting behind it are served between them.
      for (let i = 0; i < months; i++) {
        await yieldToEventLoop();
        const r = backtest(this.sim, policy, 1, { today: addMonths(first, i - months + 1) });
        out.push(r.months[0]!);
        progress({ phase: 'backtest', done: i + 1, total: months });
      }
      return { policyName: policy.name, windowMonths: policy.windowMonths, months: out };
    },
  };
}
