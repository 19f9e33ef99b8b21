import crypto from 'node:crypto';
import type { DB } from '../../engine/db';
import { platformZone } from '../../engine/db';
import { DomainError } from '../../engine/errors';
import { backupBeforeMutation } from '../../engine/backup';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../../engine/drafts';
import { getActivePolicy, getPolicyVersion, listPolicyVersions, publishPolicy } from '../../engine/policies';
import {
  backtest,
  dataStamp,
  listMovers,
  moversCsv,
  simulate,
  simulationContext,
  sweep,
  sweepValues,
  type BacktestMonth,
  type MoverQuery,
  type SimContext,
  type Simulation,
} from '../../engine/simulate/index';
import { addMonths, todayIn } from '../../engine/time';
import { checkPolicy, type Policy } from '../../shared/policy';
import type { POLICY_CHANNELS, SweepOutcome } from '../../shared/api/channels/policy';
import type { HandlerContext } from '../context';
import type { HandlersFor } from './types';

// ---------------------------------------------------------------- per-database studio state

/** Simulations kept for paging and exporting their movers (each holds one byte per customer). */
const KEPT_SIMULATIONS = 8;
/** Prepared movers CSVs kept until read to the end (or replaced by newer ones). */
const KEPT_CSV = 4;
const CSV_CHUNK_CHARS = 1 << 20;

interface Studio {
  /**
   * One simulation context (and so one metrics cache) per connection for the server's whole life:
   * the metrics of an as-of date are built once (seconds on a million customers) and every later
   * simulation, while a manager drags a threshold, only classifies (milliseconds).
   */
  sim: SimContext;
  runs: Map<string, Simulation>;
  csv: Map<string, string>;
  /** `asOf|windowMonths` of the metrics built at `stamp`, to say in advance that a call will be slow. */
  built: Set<string>;
  stamp: string;
}

// Keyed by the connection: a database opened after a recovery (db:open) gets a fresh studio, and a
// closed connection's caches go with it.
const studios = new WeakMap<DB, Studio>();

function studioOf(db: DB): Studio {
  let s = studios.get(db);
  if (!s) {
    s = { sim: simulationContext(db), runs: new Map(), csv: new Map(), built: new Set(), stamp: '' };
    studios.set(db, s);
  }
  return s;
}

const newId = () => crypto.randomBytes(12).toString('base64url');

function keep<T>(map: Map<string, T>, id: string, value: T, max: number): void {
  map.set(id, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

const today = (ctx: HandlerContext) => todayIn(platformZone(ctx.db), ctx.now());

/** The draft as a policy, or a refusal listing its problems (the studio shows them by field). */
function validPolicy(document: unknown): Policy {
  const check = checkPolicy(document);
  if (check.ok) return check.policy;
  const n = check.issues.length;
  throw new DomainError('POLICY_INVALID', `the policy has ${n} problem${n === 1 ? '' : 's'}: ${check.issues.slice(0, 5).join('; ')}${n > 5 ? '; …' : ''}`, { issues: check.issues });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` (synchronous, on this thread) with the metrics build's progress going to the caller.
 * When a metrics table will have to be built, says so first and lets that line reach the caller
 * before the build holds the thread; a re-simulation from the cache runs at once.
 */
async function withMetrics<T>(studio: Studio, ctx: HandlerContext, asOf: string, windows: number[], work: () => T): Promise<T> {
  const stamp = dataStamp(ctx.db);
  if (stamp !== studio.stamp) {
    studio.stamp = stamp;
    studio.built.clear();
  }
  const keys = windows.map((w) => `${asOf}|${w}`);
  if (keys.some((k) => !studio.built.has(k))) {
    ctx.progress({ phase: 'metrics', done: 0, total: 1 });
    await yieldToEventLoop();
  }
  studio.sim.onProgress = ctx.progress;
  try {
    const value = work();
    for (const k of keys) studio.built.add(k);
    return value;
  } finally {
    studio.sim.onProgress = undefined;
  }
}

function runSweep(studio: Studio, draft: Policy, asOf: string, s: { tier: SweepOutcome['tier']; rule: number; condition: number; from: number; to: number; steps: number }): SweepOutcome {
  const target = { tier: s.tier, rule: s.rule, condition: s.condition };
  const r = sweep(studio.sim, draft, asOf, target, sweepValues(s.from, s.to, s.steps));
  return { ...target, points: r.points, engineMs: r.engineMs };
}

function keptSimulation(studio: Studio, id: string): Simulation {
  const sim = studio.runs.get(id);
  if (!sim) throw new DomainError('SIMULATION_NOT_FOUND', `simulation ${id} is no longer kept (the latest ${KEPT_SIMULATIONS} are); run the simulation again`);
  return sim;
}

function moverQuery(q: { search?: string | undefined; direction?: 'up' | 'down' | undefined; from?: MoverQuery['from']; to?: MoverQuery['to'] }): MoverQuery {
  const out: MoverQuery = {};
  if (q.search?.trim()) out.search = q.search;
  if (q.direction) out.direction = q.direction;
  if (q.from) out.from = q.from;
  if (q.to) out.to = q.to;
  return out;
}

// ---------------------------------------------------------------- handlers

/** Handlers of the channels in src/shared/api/channels/policy.ts. */
export const handlers = {
  'policy:active': async (_input, ctx) => getActivePolicy(ctx.db),

  'policy:versions': async (_input, ctx) => listPolicyVersions(ctx.db),

  'policy:get': async (input, ctx) => {
    const p = getPolicyVersion(ctx.db, input.version);
    if (!p) throw new DomainError('POLICY_NOT_FOUND', `policy version ${input.version} does not exist`);
    return p;
  },

  'policy:publish': async (input, ctx) => {
    validPolicy(input.document);
    const stale = () => {
      const active = getActivePolicy(ctx.db).version;
      if (active !== input.expectedVersion) {
        throw new DomainError('POLICY_CHANGED', `policy version ${active} was published since you compared against version ${input.expectedVersion}; review the differences again before publishing`);
      }
    };
    stale();
    const backup = await backupBeforeMutation(ctx.db, 'before-publish', { now: ctx.now });
    // The backup yields to the event loop: someone may have published meanwhile.
    stale();
    const stored = publishPolicy(ctx.db, input.document, { actor: ctx.actor, reason: input.reason, now: ctx.now });
    return { version: stored.version, publishedAt: stored.publishedAt, backup: backup.name };
  },

  'drafts:list': async (_input, ctx) => listDrafts(ctx.db),

  'drafts:get': async (input, ctx) => getDraft(ctx.db, input.id),

  'drafts:save': async (input, ctx) =>
    saveDraft(
      ctx.db,
      {
        name: input.name,
        document: input.document,
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.basedOnVersion !== undefined ? { basedOnVersion: input.basedOnVersion } : {}),
        ...(input.ifUpdatedAt !== undefined ? { ifUpdatedAt: input.ifUpdatedAt } : {}),
      },
      { actor: ctx.actor, now: ctx.now },
    ),

  'drafts:delete': async (input, ctx) => {
    deleteDraft(ctx.db, input.id, { actor: ctx.actor, now: ctx.now });
    return { deleted: input.id };
  },

  'simulation:run': async (input, ctx) => {
    const t0 = performance.now();
    const draft = validPolicy(input.document);
    const asOf = input.asOf ?? today(ctx);
    const studio = studioOf(ctx.db);
    const activeWindow = getActivePolicy(ctx.db).policy.windowMonths;
    return withMetrics(studio, ctx, asOf, [activeWindow, draft.windowMonths], () => {
      const sim = simulate(studio.sim, draft, asOf);
      const simulationId = newId();
      keep(studio.runs, simulationId, sim, KEPT_SIMULATIONS);
      const movers = listMovers(studio.sim, sim, { ...moverQuery(input.movers ?? {}), limit: input.movers?.limit ?? 50 });
      const swept = input.sweep ? runSweep(studio, draft, asOf, input.sweep) : null;
      return { simulationId, summary: sim.summary, movers, sweep: swept, serverMs: performance.now() - t0 };
    });
  },

  'simulation:movers': async (input, ctx) => {
    const studio = studioOf(ctx.db);
    const sim = keptSimulation(studio, input.simulationId);
    return listMovers(studio.sim, sim, { ...moverQuery(input), offset: input.offset ?? 0, limit: input.limit ?? 50 });
  },

  'simulation:moversCsv': async (input, ctx) => {
    const studio = studioOf(ctx.db);
    const sim = keptSimulation(studio, input.simulationId);
    const q = moverQuery(input);
    const text = Array.from(moversCsv(studio.sim, sim, q)).join('');
    const rows = listMovers(studio.sim, sim, { ...q, limit: 1 }).total;
    const exportId = newId();
    keep(studio.csv, exportId, text, KEPT_CSV);
    return { exportId, fileName: `movers-${sim.summary.asOf.replaceAll('-', '')}.csv`, rows, chars: text.length };
  },

  'simulation:moversCsvRead': async (input, ctx) => {
    const studio = studioOf(ctx.db);
    const text = studio.csv.get(input.exportId);
    if (text === undefined) throw new DomainError('EXPORT_NOT_FOUND', `export ${input.exportId} is not prepared (it is dropped once read to the end); export the movers again`);
    if (input.offset > text.length) throw new DomainError('BAD_OFFSET', `offset ${input.offset} is past the end of the export (${text.length} characters)`);
    const end = Math.min(text.length, input.offset + CSV_CHUNK_CHARS);
    if (end === text.length) studio.csv.delete(input.exportId);
    return { data: text.slice(input.offset, end), next: end === text.length ? null : end };
  },

  'simulation:sweep': async (input, ctx) => {
    const draft = validPolicy(input.document);
    const asOf = input.asOf ?? today(ctx);
    const studio = studioOf(ctx.db);
    return withMetrics(studio, ctx, asOf, [draft.windowMonths], () => runSweep(studio, draft, asOf, input.sweep));
  },

  'simulation:backtest': async (input, ctx) => {
    const policy = input.document ? validPolicy(input.document) : getActivePolicy(ctx.db).policy;
    const months = input.months ?? 12;
    const first = `${today(ctx).slice(0, 7)}-01`;
    const sim = studioOf(ctx.db).sim;
    const out: BacktestMonth[] = [];
    ctx.progress({ phase: 'backtest', done: 0, total: months });
    // One month per turn of the event loop: each is a full metrics build (seconds on a million
    // customers), and other calls are served between them.
    for (let i = 0; i < months; i++) {
      await yieldToEventLoop();
      const r = backtest(sim, policy, 1, { today: addMonths(first, i - months + 1) });
      out.push(r.months[0]!);
      ctx.progress({ phase: 'backtest', done: i + 1, total: months });
    }
    return { policyName: policy.name, windowMonths: policy.windowMonths, months: out };
  },
} satisfies HandlersFor<typeof POLICY_CHANNELS>;
