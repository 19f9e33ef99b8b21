import { common, UsageError, type Command, type CommandContext, type OptionSpec } from '../framework';
import {
  activateContract,
  CONTRACT_FLAGS,
  CONTRACT_STATUSES,
  contractHistory,
  contractJson,
  createContract,
  getContract,
  importContractsFile,
  isContractFlag,
  isContractStatus,
  listContracts,
  renewContract,
  resumeContract,
  runContractExpiry,
  suspendContract,
  terminateContract,
  updateContract,
  type ContractClock,
  type ContractTerms,
  type ContractView,
} from '../../engine/contracts/index';
import type { DB } from '../../engine/db';
import { formatFen, parseCnyToFen } from '@shared/money';

const number: OptionSpec = { type: 'string', required: true, help: 'N  the contract number' };

/** Term options shared by create, update and renew; the `no-` switches only where a term can be turned off. */
const TERM_OPTIONS: Record<string, OptionSpec> = {
  start: { type: 'string', help: 'YYYY-MM-DD  first day in force' },
  end: { type: 'string', help: 'YYYY-MM-DD  last day in force (after the start)' },
  commitment: { type: 'string', help: 'CNY  annual purchase commitment (> 0)' },
  'profit-share': { type: 'string', help: 'FRACTION  profit share on high-margin goods, 0 to 0.5' },
  'co-branding-slots': { type: 'string', help: 'N  co-branding slots (homepage positions, campaign pushes)' },
  'inventory-hours': { type: 'string', help: 'N  inventory guarantee in hours (default 24)' },
  'logistics-channel': { type: 'boolean', help: 'a dedicated logistics channel' },
  'advisory-seat': { type: 'boolean', help: 'an advisory seat (decision participation)' },
  manager: { type: 'string', help: 'NAME  account manager' },
  'auto-renew': { type: 'boolean', help: 'renew automatically when it expires' },
  notes: { type: 'string', help: 'TEXT  notes' },
};
const OFF_OPTIONS: Record<string, OptionSpec> = {
  'no-logistics-channel': { type: 'boolean', help: 'no dedicated logistics channel' },
  'no-advisory-seat': { type: 'boolean', help: 'no advisory seat' },
  'no-auto-renew': { type: 'boolean', help: 'do not renew automatically' },
};

const FRACTION_RE = /^\d+(?:\.\d+)?$/;

function clock(ctx: CommandContext): ContractClock {
  return { now: ctx.io.now, actor: ctx.actor() };
}

function switchOption(ctx: CommandContext, name: string): boolean | undefined {
  const on = ctx.values[name] === true;
  const off = ctx.values[`no-${name}`] === true;
  if (on && off) throw new UsageError(`--${name} and --no-${name} contradict each other`);
  return on ? true : off ? false : undefined;
}

/** The term options given on the command line (absent ones stay undefined). */
function termOptions(ctx: CommandContext): Partial<ContractTerms> {
  const terms: Partial<ContractTerms> = {};
  const start = ctx.date('start');
  if (start !== undefined) terms.start = start;
  const end = ctx.date('end');
  if (end !== undefined) terms.end = end;
  const commitment = ctx.str('commitment');
  if (commitment !== undefined) {
    const fen = parseCnyToFen(commitment);
    if (fen === null) throw new UsageError(`--commitment: "${commitment}" is not an amount in CNY (like 100000 or 99999.50)`);
    terms.commitmentFen = fen;
  }
  const share = ctx.str('profit-share');
  if (share !== undefined) {
    if (!FRACTION_RE.test(share)) throw new UsageError(`--profit-share: "${share}" is not a fraction (like 0.15 for 15 %)`);
    terms.profitShare = Number(share);
  }
  const slots = ctx.int('co-branding-slots');
  if (slots !== undefined) terms.coBrandingSlots = slots;
  const hours = ctx.int('inventory-hours');
  if (hours !== undefined) terms.inventoryHours = hours;
  for (const [option, key] of [
    ['logistics-channel', 'logisticsChannel'],
    ['advisory-seat', 'advisorySeat'],
    ['auto-renew', 'autoRenew'],
  ] as const) {
    const v = switchOption(ctx, option);
    if (v !== undefined) terms[key] = v;
  }
  const manager = ctx.str('manager');
  if (manager !== undefined) terms.accountManager = manager;
  const notes = ctx.str('notes');
  if (notes !== undefined) terms.notes = notes;
  return terms;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function printContract(ctx: CommandContext, db: DB, v: ContractView): void {
  const rows: [string, string][] = [
    ['customer', `${v.customerId} ${v.customerName} (${v.customerTier})`],
    ['period', `${v.start} .. ${v.end}`],
    ['annual commitment', `${formatFen(v.commitmentFen)} CNY`],
    ['profit share', pct(v.profitShare)],
    ['co-branding slots', String(v.coBrandingSlots)],
    ['inventory guarantee', `${v.inventoryHours} h`],
    ['logistics channel', yesNo(v.logisticsChannel)],
    ['advisory seat', yesNo(v.advisorySeat)],
    ['account manager', v.accountManager ?? '-'],
    ['auto-renew', yesNo(v.autoRenew)],
    ['renews', v.renews ?? '-'],
    ['renewed by', v.renewedBy ?? '-'],
    ['flags', v.flags.join(', ') || '-'],
  ];
  if (v.commitment) {
    const c = v.commitment;
    rows.push([
      'contract year',
      `${c.year} (${c.first} .. ${c.last}): paid ${formatFen(c.spendFen)} of ${formatFen(c.commitmentFen)} CNY = ${pct(c.progress)}, ${c.elapsedDays}/${c.days} days elapsed = ${pct(c.elapsedShare)}`,
    ]);
  }
  if (v.notes) rows.push(['notes', v.notes]);
  if (v.attention) rows.push(['needs attention', v.attention]);
  if (v.terminationReason) rows.push(['termination reason', v.terminationReason]);
  const width = Math.max(...rows.map(([k]) => k.length));
  ctx.out(`contract ${v.number} (${v.status})`);
  for (const [k, val] of rows) ctx.out(`  ${k.padEnd(width)}  ${val}`);
  ctx.out('history:');
  for (const h of contractHistory(db, v.number)) {
    ctx.out(`  ${h.on}  ${h.from ?? '-'} -> ${h.to}  ${h.cause} by ${h.actor}${h.reason ? `: ${h.reason}` : ''}`);
  }
}

/** Prints the contract after a change: JSON with --json, else one line. */
function report(ctx: CommandContext, db: DB, numberOf: string, line: string): void {
  const v = getContract(db, numberOf, ctx.today(db));
  if (ctx.values.json) ctx.json(contractJson(v));
  else ctx.out(line);
}

function transition(name: 'activate' | 'suspend' | 'resume', summary: string, act: typeof activateContract): Command {
  return {
    name: `contracts ${name}`,
    summary,
    options: {
      db: common.db,
      number,
      reason: { type: 'string', help: 'TEXT  why (kept in the status history)' },
      actor: common.actor,
      json: common.json,
    },
    run(ctx) {
      const db = ctx.db();
      const c = act(db, clock(ctx), ctx.str('number')!, ctx.str('reason') ?? null);
      report(ctx, db, c.number, `contract ${c.number}: ${c.status}`);
    },
  };
}

export const commands: Command[] = [
  {
    name: 'contracts create',
    summary: 'create a Supreme partner contract as a draft',
    options: {
      db: common.db,
      number,
      customer: { type: 'string', required: true, help: 'ID  the platform customer id' },
      ...TERM_OPTIONS,
      start: { ...TERM_OPTIONS.start!, required: true },
      end: { ...TERM_OPTIONS.end!, required: true },
      commitment: { ...TERM_OPTIONS.commitment!, required: true },
      'profit-share': { ...TERM_OPTIONS['profit-share']!, required: true },
      actor: common.actor,
      json: common.json,
    },
    run(ctx) {
      const db = ctx.db();
      const terms = termOptions(ctx) as ContractTerms;
      const c = createContract(db, clock(ctx), { ...terms, number: ctx.str('number')!, customerId: ctx.str('customer')! });
      report(ctx, db, c.number, `contract ${c.number}: draft created for customer ${c.customerId} (${c.start} .. ${c.end})`);
    },
  },
  {
    name: 'contracts update',
    summary: "change a draft's terms (an active contract: account manager, notes, auto-renew)",
    options: { db: common.db, number, ...TERM_OPTIONS, ...OFF_OPTIONS, actor: common.actor, json: common.json },
    run(ctx) {
      const db = ctx.db();
      const c = updateContract(db, clock(ctx), ctx.str('number')!, termOptions(ctx));
      report(ctx, db, c.number, `contract ${c.number}: terms saved`);
    },
  },
  transition('activate', 'activate a draft contract (the customer must be supreme)', activateContract),
  transition('suspend', 'suspend an active contract', suspendContract),
  transition('resume', 'resume a suspended contract (the customer must be supreme)', resumeContract),
  {
    name: 'contracts terminate',
    summary: 'terminate a contract (or cancel a draft); a reason is required',
    options: {
      db: common.db,
      number,
      reason: { type: 'string', required: true, help: 'TEXT  why it ends' },
      actor: common.actor,
      json: common.json,
    },
    run(ctx) {
      const db = ctx.db();
      const c = terminateContract(db, clock(ctx), ctx.str('number')!, ctx.str('reason')!);
      report(ctx, db, c.number, `contract ${c.number}: terminated`);
    },
  },
  {
    name: 'contracts renew',
    summary: 'draft the renewal of a contract, starting the day after it ends',
    options: {
      db: common.db,
      number,
      'new-number': { type: 'string', required: true, help: 'M  the renewal contract number' },
      ...Object.fromEntries(Object.entries(TERM_OPTIONS).filter(([k]) => k !== 'start')),
      end: { ...TERM_OPTIONS.end!, required: true },
      ...OFF_OPTIONS,
      actor: common.actor,
      json: common.json,
    },
    run(ctx) {
      const db = ctx.db();
      const terms = termOptions(ctx);
      const c = renewContract(db, clock(ctx), ctx.str('number')!, { ...terms, newNumber: ctx.str('new-number')!, end: terms.end! });
      report(ctx, db, c.number, `contract ${c.number}: renewal of ${c.renews} drafted (${c.start} .. ${c.end})`);
    },
  },
  {
    name: 'contracts list',
    summary: 'list contracts by end day, with flags',
    options: {
      db: common.db,
      status: { type: 'string', help: `S  only this status (${CONTRACT_STATUSES.join(', ')})` },
      flag: { type: 'string', help: `F  only contracts with this flag (${CONTRACT_FLAGS.join(', ')})` },
      search: { type: 'string', help: 'TEXT  part of the number, customer id or name, or account manager' },
      customer: { type: 'string', help: 'ID  only this customer' },
      json: common.json,
    },
    run(ctx) {
      const status = ctx.str('status');
      if (status !== undefined && !isContractStatus(status))
        throw new UsageError(`--status: unknown status "${status}" (${CONTRACT_STATUSES.join(', ')})`);
      const flag = ctx.str('flag');
      if (flag !== undefined && !isContractFlag(flag))
        throw new UsageError(`--flag: unknown flag "${flag}" (${CONTRACT_FLAGS.join(', ')})`);
      const db = ctx.db();
      const views = listContracts(db, ctx.today(db), { status, flag, search: ctx.str('search'), customerId: ctx.str('customer') });
      if (ctx.values.json) return ctx.json(views.map(contractJson));
      if (views.length === 0) return ctx.out('no contracts');
      const table = [
        ['NUMBER', 'CUSTOMER', 'STATUS', 'START', 'END', 'COMMITMENT CNY', 'PROGRESS', 'FLAGS'],
        ...views.map((v) => [
          v.number,
          v.customerId,
          v.status,
          v.start,
          v.end,
          formatFen(v.commitmentFen),
          v.commitment ? pct(v.commitment.progress) : '-',
          v.flags.join(',') || '-',
        ]),
      ];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
      for (const r of table)
        ctx.out(
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    },
  },
  {
    name: 'contracts show',
    summary: 'show a contract: terms, flags, commitment progress, status history',
    options: { db: common.db, number, json: common.json },
    run(ctx) {
      const db = ctx.db();
      const v = getContract(db, ctx.str('number')!, ctx.today(db));
      if (ctx.values.json) ctx.json(contractJson(v));
      else printContract(ctx, db, v);
    },
  },
  {
    name: 'contracts import',
    summary: 'import contracts from CSV as drafts (all-or-nothing)',
    options: {
      db: common.db,
      file: { type: 'string', required: true, file: 'in', help: 'F.csv  columns: number,customer,start,end,commitment,profit_share,…' },
      actor: common.actor,
    },
    run(ctx) {
      const db = ctx.db();
      const file = ctx.str('file')!;
      const { created } = importContractsFile(db, clock(ctx), file);
      ctx.out(`imported ${created.length} contract${created.length === 1 ? '' : 's'} as drafts from ${file}`);
    },
  },
  {
    name: 'contracts expire',
    summary: 'run contract expiry now: expire ended contracts, activate or auto-create renewals',
    options: {
      db: common.db,
      today: { type: 'string', help: 'YYYY-MM-DD  the day of the run (default: today)' },
      actor: common.actor,
      json: common.json,
    },
    run(ctx) {
      const db = ctx.db();
      const r = runContractExpiry(db, { today: ctx.date('today') ?? ctx.today(db), now: ctx.io.now, actor: ctx.actor() });
      if (ctx.values.json) return ctx.json(r);
      const list = (xs: string[]) => (xs.length ? ` (${xs.join(', ')})` : '');
      ctx.out(
        `expiry run for ${r.today}: ${r.expired.length} expired${list(r.expired)}, ${r.renewed.length} auto-renewed${list(r.renewed)}, ${r.activated.length} renewals activated${list(r.activated)}, ${r.flagged.length} renewals need attention`,
      );
      for (const f of r.flagged) ctx.out(`  ${f.number}: ${f.reason}`);
    },
  },
];
