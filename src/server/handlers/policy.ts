import { platformZone } from '../../engine/db';
import { DomainError } from '../../engine/errors';
import { backupBeforeMutation } from '../../engine/backup';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../../engine/drafts';
import { getActivePolicy, getPolicyVersion, listPolicyVersions, publishPolicy } from '../../engine/policies';
import type { MoverQuery } from '../../engine/simulate/index';
import { todayIn } from '../../engine/time';
import { checkPolicy, type Policy } from '@shared/policy';
import type { POLICY_CHANNELS } from '@shared/api/channels/policy';
import type { HandlerContext } from '../context';
import type { HandlersFor } from './types';

// Drafts and publishing run here, on the server's connection. Simulation, sweeps and backtests run
// in the simulation worker (ctx.simulation), which keeps the metrics cache between calls: a first
// simulation of a date builds metrics for every customer (seconds on a million), and this thread
// stays free to answer every other call meanwhile.

const today = (ctx: HandlerContext) => todayIn(platformZone(ctx.db), ctx.now());

/** The draft as a policy, or a refusal listing its problems (the studio shows them by field). */
function validPolicy(document: unknown): Policy {
  const check = checkPolicy(document);
  if (check.ok) return check.policy;
  const n = check.issues.length;
  throw new DomainError(
    'POLICY_INVALID',
    `the policy has ${n} problem${n === 1 ? '' : 's'}: ${check.issues.slice(0, 5).join('; ')}${n > 5 ? '; …' : ''}`,
    { issues: check.issues },
  );
}

function moverQuery(q: {
  search?: string | undefined;
  direction?: 'up' | 'down' | undefined;
  from?: MoverQuery['from'];
  to?: MoverQuery['to'];
}): MoverQuery {
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
        throw new DomainError(
          'POLICY_CHANGED',
          `policy version ${active} was published since you compared against version ${input.expectedVersion}; review the differences again before publishing`,
        );
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
    const movers = { ...moverQuery(input.movers ?? {}), limit: input.movers?.limit ?? 50 };
    const out = await ctx.simulation.call('run', { draft, asOf, movers, sweep: input.sweep ?? null }, ctx.progress);
    return { ...out, serverMs: performance.now() - t0 };
  },

  'simulation:movers': async (input, ctx) =>
    ctx.simulation.call('movers', {
      simulationId: input.simulationId,
      query: { ...moverQuery(input), offset: input.offset ?? 0, limit: input.limit ?? 50 },
    }),

  'simulation:moversCsv': async (input, ctx) =>
    ctx.simulation.call('moversCsv', { simulationId: input.simulationId, query: moverQuery(input) }),

  'simulation:moversCsvRead': async (input, ctx) =>
    ctx.simulation.call('moversCsvRead', { exportId: input.exportId, offset: input.offset }),

  'simulation:sweep': async (input, ctx) =>
    ctx.simulation.call('sweep', { draft: validPolicy(input.document), asOf: input.asOf ?? today(ctx), sweep: input.sweep }, ctx.progress),

  'simulation:backtest': async (input, ctx) => {
    const policy = input.document ? validPolicy(input.document) : getActivePolicy(ctx.db).policy;
    return ctx.simulation.call('backtest', { policy, months: input.months ?? 12, today: today(ctx) }, ctx.progress);
  },
} satisfies HandlersFor<typeof POLICY_CHANNELS>;
