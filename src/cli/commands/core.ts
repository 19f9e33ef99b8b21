import fs from 'node:fs';
import { common, UsageError, type Command } from '../framework';
import { readPolicyFile } from '../policyFile';
import { DomainError } from '../../engine/errors';
import { evaluate, type EvaluationSummary } from '../../engine/evaluate';
import { exportTiersCsv } from '../../engine/exportTiers';
import { explain } from '../../engine/explain';
import { ordersBehind } from '../../engine/explainAt';
import { customerKey } from '../../engine/customers';
import { explainJson, explainText } from '../explainView';
import { getActivePolicy, publishPolicy } from '../../engine/policies';
import { approveReview, cooldownUntil, listOpenReviews, rejectReview } from '../../engine/reviews';
import { clearOverride, setOverride } from '../../engine/overrides';
import { fillDemo } from '../../engine/demoDb';
import { TIERS } from '@shared/tiers';

function summaryJson(s: EvaluationSummary) {
  return {
    asOf: s.asOf,
    policyVersion: s.policyVersion,
    counts: s.counts,
    pendingReviews: s.pendingReviews,
    upgrades: s.upgrades,
    downgrades: s.downgrades,
    protected: s.protected,
  };
}

function summaryText(s: EvaluationSummary): string {
  const counts = TIERS.map((t) => `${t} ${s.counts[t]}`).join(', ');
  return [
    `Evaluated ${s.customers} customers as of ${s.asOf} with policy v${s.policyVersion}.`,
    `Assigned: ${counts}.`,
    `Upgrades ${s.upgrades}, downgrades ${s.downgrades}, protected ${s.protected}, pending reviews ${s.pendingReviews}.`,
  ].join('\n');
}

const init: Command = {
  name: 'init',
  summary: 'create a new database (seed policy v1 active), optionally filled with demo data',
  options: {
    db: common.db,
    demo: { type: 'string', help: 'N  fill with N generated demo customers and evaluate as of today' },
    seed: { type: 'string', help: 'S  seed of the demo generator (default 1)' },
    json: common.json,
  },
  run(ctx) {
    const file = ctx.str('db')!;
    const demo = ctx.int('demo');
    const seed = ctx.int('seed') ?? 1;
    if (fs.existsSync(file)) throw new DomainError('DB_EXISTS', `${file} already exists; init never overwrites a database`);
    const db = ctx.db({ create: true });
    if (demo === undefined) {
      ctx.out(`Created ${file} (policy v1: seed policy).`);
      return;
    }
    const made = fillDemo(db, { customers: demo, seed, now: ctx.io.now, actor: ctx.actor() });
    const s = made.evaluation;
    if (ctx.values.json) return ctx.json({ ...made, evaluation: summaryJson(s) });
    ctx.out(
      `Created ${file} with demo data: ${made.customers} customers, ${made.orders} orders, ${made.referrals} referrals, ${made.contributions} contributions.`,
    );
    ctx.out(summaryText(s));
  },
};

const evaluateCmd: Command = {
  name: 'evaluate',
  summary: 'grade every customer as of a date (default: today in the platform time zone)',
  options: { db: common.db, 'as-of': { type: 'string', help: 'YYYY-MM-DD  evaluation date' }, json: common.json, actor: common.actor },
  run(ctx) {
    const asOf = ctx.date('as-of');
    const db = ctx.db();
    const s = evaluate(db, { ...(asOf ? { asOf } : {}), now: ctx.io.now, actor: ctx.actor() });
    for (const w of s.warnings) ctx.err(`warning: ${w}`);
    if (ctx.values.json) ctx.json(summaryJson(s));
    else ctx.out(summaryText(s));
  },
};

const exportTiers: Command = {
  name: 'export tiers',
  summary: "write every customer's tier as plain CSV (a data interface: no BOM, values as stored)",
  options: { db: common.db, out: { type: 'string', file: 'out', help: 'F  output file (default: standard output)' } },
  run(ctx) {
    const db = ctx.db({ readonly: true });
    const out = ctx.str('out');
    if (out) {
      let fd: number;
      try {
        fd = fs.openSync(out, 'w');
      } catch (e) {
        throw new DomainError('FILE_UNWRITABLE', `cannot write ${out}: ${(e as Error).message}`);
      }
      try {
        for (const chunk of exportTiersCsv(db)) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
      // Standard output is not the CSV here: say what was written and what comes next.
      const n = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
      const last = db.prepare('SELECT as_of FROM evaluation_runs ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
      ctx.out(
        last
          ? `Wrote the tiers of ${n} customer${n === 1 ? '' : 's'} to ${out}, as assigned by the evaluation as of ${last}. Run "tierdesk evaluate" and export again for newer tiers.`
          : `Wrote ${n} customer${n === 1 ? '' : 's'} to ${out}; nothing was evaluated yet, so every tier is none. Run "tierdesk evaluate --db ${ctx.str('db')}" first, then export again.`,
      );
    } else {
      for (const chunk of exportTiersCsv(db)) ctx.io.stdout(chunk);
    }
  },
};

const explainCmd: Command = {
  name: 'explain',
  summary: 'why a customer holds their tier and what the next tier needs',
  options: {
    db: common.db,
    customer: { type: 'string', required: true, help: 'ID  customer id' },
    'as-of': {
      type: 'string',
      help: "YYYY-MM-DD  metrics as of this date under the active policy, read-only (default: the last evaluation's)",
    },
    orders: { type: 'boolean', help: 'list the orders behind each sum (cumulative / window / annual)' },
    json: common.json,
  },
  run(ctx) {
    const asOf = ctx.date('as-of');
    const db = ctx.db({ readonly: true });
    const id = ctx.str('customer')!;
    const e = explain(db, id, ctx.io.now, asOf ? { asOf } : {});
    const source = asOf ? 'as-of' : 'evaluation';
    const orders = !ctx.values.orders ? undefined : e.asOf ? ordersBehind(db, customerKey(db, id), e.asOf, e.window!.months) : null;
    if (ctx.values.json) ctx.json(explainJson(e, source, orders));
    else ctx.out(explainText(e, source, orders));
  },
};

const policyShow: Command = {
  name: 'policy show',
  summary: 'print the active policy document (defaults filled in)',
  options: { db: common.db },
  run(ctx) {
    ctx.json(getActivePolicy(ctx.db({ readonly: true })).policy);
  },
};

const policyPublish: Command = {
  name: 'policy publish',
  summary: 'validate a policy document and publish it as the next version',
  options: {
    db: common.db,
    file: { type: 'string', required: true, file: 'in', help: 'F  policy JSON file' },
    reason: { type: 'string', help: 'TEXT  why it changes' },
    actor: common.actor,
  },
  run(ctx) {
    const file = ctx.str('file')!;
    const policy = readPolicyFile(ctx, file);
    const p = publishPolicy(ctx.db(), policy, {
      actor: ctx.actor(),
      ...(ctx.str('reason') ? { reason: ctx.str('reason')! } : {}),
      now: ctx.io.now,
    });
    ctx.out(`Published policy v${p.version} "${p.policy.name}". It applies from the next evaluation.`);
  },
};

const reviewList: Command = {
  name: 'review list',
  summary: 'list pending promotions that need a human decision (人工审核)',
  options: { db: common.db, json: common.json },
  run(ctx) {
    const list = listOpenReviews(ctx.db({ readonly: true }));
    if (ctx.values.json)
      return ctx.json(
        list.map((r) => ({ customerId: r.customerId, currentTier: r.currentTier, pendingTier: r.pendingTier, openedOn: r.openedOn })),
      );
    if (list.length === 0) return ctx.out('No pending reviews.');
    for (const r of list) ctx.out(`${r.customerId}\t${r.name}\t${r.currentTier} → ${r.pendingTier}\topened ${r.openedOn}`);
  },
};

const reviewDecision = (verb: 'approve' | 'reject'): Command => ({
  name: `review ${verb}`,
  summary:
    verb === 'approve'
      ? 'approve pending promotions: the tier applies at once'
      : 'reject pending promotions: the tier stays, a cooldown starts',
  options: {
    db: common.db,
    customer: { type: 'string', multiple: true, help: 'ID  customer id (repeat for several customers)' },
    'all-pending': { type: 'boolean', help: `${verb} every pending review` },
    reason: { type: 'string', required: true, help: 'TEXT  why (mandatory, as in the console)' },
    actor: common.actor,
  },
  run(ctx) {
    const ids = [...new Set(ctx.list('customer'))];
    const all = ctx.values['all-pending'] === true;
    if (all && ids.length > 0) throw new UsageError('give either --customer or --all-pending, not both');
    if (!all && ids.length === 0) throw new UsageError('missing required option --customer (or --all-pending)');
    const db = ctx.db();
    const targets = all ? listOpenReviews(db).map((r) => r.customerId) : ids;
    if (targets.length === 0) return ctx.out('No pending reviews: nothing to decide.');
    const fn = verb === 'approve' ? approveReview : rejectReview;
    const opts = { actor: ctx.actor(), now: ctx.io.now };
    // All or nothing: one customer without a pending review leaves every other review open too.
    const lines = db.transaction(() =>
      targets.map((id) => {
        const r = fn(db, id, ctx.str('reason')!, opts);
        if (verb === 'approve') return `Approved: ${r.customerId} is now ${r.pendingTier}.`;
        const until = cooldownUntil(db, customerKey(db, r.customerId));
        return `Rejected: ${r.customerId} stays ${r.currentTier}; no review opens for ${r.customerId} up to and including ${until}.`;
      }),
    )();
    for (const l of lines) ctx.out(l);
    if (targets.length > 1) ctx.out(`${verb === 'approve' ? 'Approved' : 'Rejected'} ${targets.length} reviews.`);
  },
});

const overrideSet: Command = {
  name: 'override set',
  summary: "pin a customer's tier by hand, with a reason and an optional last day",
  options: {
    db: common.db,
    customer: { type: 'string', required: true, help: 'ID  customer id' },
    tier: { type: 'string', required: true, help: 'T  none, regular, silver, gold, diamond or supreme' },
    reason: { type: 'string', required: true, help: 'TEXT  why (mandatory)' },
    until: { type: 'string', help: 'YYYY-MM-DD  last day of the override, inclusive' },
    actor: common.actor,
  },
  run(ctx) {
    const tier = ctx.tier('tier')!;
    const until = ctx.date('until') ?? null;
    const o = setOverride(ctx.db(), ctx.str('customer')!, tier, ctx.str('reason')!, until, { actor: ctx.actor(), now: ctx.io.now });
    ctx.out(`Override set: ${ctx.str('customer')} is ${o.tier}${o.until ? ` until ${o.until}` : ''}.`);
  },
};

const overrideClear: Command = {
  name: 'override clear',
  summary: "end a customer's override; the next evaluation grades them again",
  options: {
    db: common.db,
    customer: { type: 'string', required: true, help: 'ID  customer id' },
    reason: { type: 'string', required: true, help: 'TEXT  why (mandatory)' },
    actor: common.actor,
  },
  run(ctx) {
    clearOverride(ctx.db(), ctx.str('customer')!, ctx.str('reason')!, { actor: ctx.actor(), now: ctx.io.now });
    ctx.out(`Override cleared for ${ctx.str('customer')}; the next evaluation grades them again.`);
  },
};

export const commands: Command[] = [
  init,
  evaluateCmd,
  exportTiers,
  explainCmd,
  policyShow,
  policyPublish,
  reviewList,
  reviewDecision('approve'),
  reviewDecision('reject'),
  overrideSet,
  overrideClear,
];
