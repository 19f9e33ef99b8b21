import type { Command, CommandEntry } from '../framework';

type Module = { commands: Command[] };

/**
 * One group of commands: their names and summaries are here so that `tierdesk --help` (and a group's
 * help) never loads the modules behind them (the engine, better-sqlite3, zod, luxon, csv-parse); the
 * module is imported only when one of its commands runs or shows its options. test/cli/lazy.test.ts
 * checks that these lines match the modules' own.
 */
function group(load: () => Promise<Module>, list: [name: string, summary: string][]): CommandEntry[] {
  return list.map(([name, summary]) => ({
    name,
    summary,
    async load() {
      const cmd = (await load()).commands.find((c) => c.name === name);
      if (!cmd) throw new Error(`command "${name}" is listed but its module does not define it`);
      return cmd;
    },
  }));
}

const core = group(
  () => import('./core'),
  [
    ['init', 'create a new database (seed policy v1 active), optionally filled with demo data'],
    ['evaluate', 'grade every customer as of a date (default: today in the platform time zone)'],
    ['export tiers', "write every customer's tier as plain CSV (a data interface: no BOM, values as stored)"],
    ['explain', 'why a customer holds their tier and what the next tier needs'],
    ['policy show', 'print the active policy document (defaults filled in)'],
    ['policy publish', 'validate a policy document and publish it as the next version'],
    ['review list', 'list pending promotions that need a human decision (人工审核)'],
    ['review approve', 'approve pending promotions: the tier applies at once'],
    ['review reject', 'reject pending promotions: the tier stays, a cooldown starts'],
    ['override set', "pin a customer's tier by hand, with a reason and an optional last day"],
    ['override clear', "end a customer's override; the next evaluation grades them again"],
  ],
);

const importCommands = group(
  () => import('./import'),
  [['import', 'import customers, orders, referrals and contributions from CSV (all or nothing)']],
);

const simulate = group(
  () => import('./simulate'),
  [
    ['simulate', 'what-if: the active policy against a draft policy file, over every customer (computed tiers)'],
    ['sweep', "tier counts of a draft while one condition's value moves from X to Y"],
  ],
);

const contracts = group(
  () => import('./contracts'),
  [
    ['contracts create', 'create a Supreme partner contract as a draft'],
    ['contracts update', "change a draft's terms (an active contract: account manager, notes, auto-renew)"],
    ['contracts activate', 'activate a draft contract (the customer must be supreme)'],
    ['contracts suspend', 'suspend an active contract'],
    ['contracts resume', 'resume a suspended contract (the customer must be supreme)'],
    ['contracts terminate', 'terminate a contract (or cancel a draft); a reason is required'],
    ['contracts renew', 'draft the renewal of a contract, starting the day after it ends'],
    ['contracts list', 'list contracts by end day, with flags'],
    ['contracts show', 'show a contract: terms, flags, commitment progress, status history'],
    ['contracts import', 'import contracts from CSV as drafts (all-or-nothing)'],
    ['contracts expire', 'run contract expiry now: expire ended contracts, activate or auto-create renewals'],
  ],
);

const serve = group(
  () => import('./serve'),
  [['serve', 'serve the console in a browser (127.0.0.1 only, per-launch token) until stopped']],
);

/** Every `tierdesk` command, in the order `tierdesk --help` lists them. */
export const COMMANDS: CommandEntry[] = [...core, ...importCommands, ...simulate, ...contracts, ...serve];

/** The modules behind COMMANDS, for the test that keeps the lines above true to them. */
export const COMMAND_MODULES: (() => Promise<Module>)[] = [
  () => import('./core'),
  () => import('./import'),
  () => import('./simulate'),
  () => import('./contracts'),
  () => import('./serve'),
];
