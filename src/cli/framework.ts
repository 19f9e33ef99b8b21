import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../engine/errors';
import type { DB, OpenOptions, ReadableDB } from '../engine/db';
import { isTier, type Tier } from '@shared/tiers';
import { closest } from '@shared/closest';

/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): number;
  env: Record<string, string | undefined>;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  required?: boolean;
  /** One line for --help, e.g. 'FILE  database file'. */
  help: string;
  /** The option may be given several times (a string option): read it with ctx.list. */
  multiple?: boolean;
  /** A file the command reads ('in': must exist) or writes ('out': its folder must exist); checked before the command runs. */
  file?: 'in' | 'out';
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: Values;
  io: CliIo;
  /** The string value of an option (undefined when absent). */
  str(name: string): string | undefined;
  /** Every value of a `multiple` option, in order (empty when absent). */
  list(name: string): string[];
  /** --actor, else the OS user name. */
  actor(): string;
  /** A `YYYY-MM-DD` option; a malformed one is a usage error. */
  date(name: string): string | undefined;
  tier(name: string): Tier | undefined;
  /** A non-negative integer option. */
  int(name: string): number | undefined;
  /** Opens --db (read-only with `readonly: true`); the connection is closed when the command ends. */
  db(opts: OpenOptions & { readonly: true }): ReadableDB;
  db(opts?: OpenOptions & { readonly?: false }): DB;
  /** Today in the database's platform time zone. */
  today(db: ReadableDB): string;
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
}

export interface Command {
  /** Words of the command: 'evaluate', 'contracts create'. */
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number | void> | number | void;
}

/**
 * A command known by its name and summary, its module loaded only when it runs or shows its options
 * (so `tierdesk --help` starts without the engine and its dependencies).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

type Listed = Pick<Command, 'name' | 'summary'>;

const dbOption: OptionSpec = { type: 'string', required: true, help: 'FILE  the Tierdesk database' };
export const common = {
  db: dbOption,
  json: { type: 'boolean', help: 'print JSON instead of text' } as OptionSpec,
  actor: { type: 'string', help: 'NAME  who does this (default: the OS user name)' } as OptionSpec,
};

function helpText(cmd: Command): string {
  const lines = [`tierdesk ${cmd.name} — ${cmd.summary}`, '', 'Options:'];
  for (const [name, spec] of Object.entries(cmd.options)) {
    const [arg, ...rest] = spec.type === 'string' ? spec.help.split('  ') : ['', spec.help];
    lines.push(`  --${name}${arg ? ' ' + arg : ''}${spec.required ? ' (required)' : ''}\n      ${rest.join('  ') || spec.help}`);
  }
  lines.push('  --help\n      show this help');
  return lines.join('\n') + '\n';
}

function mainHelp(commands: Listed[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'tierdesk — 卡盟等级运营台 (tier operations) command line',
    '',
    'Usage: tierdesk <command> [options]   (tierdesk <command> --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 success, 1 refused input or a broken rule, 2 usage error.',
    '',
  ].join('\n');
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(commands: (Command | CommandEntry)[], argv: string[], io: CliIo): Promise<number> {
  const open: ReadableDB[] = [];
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(mainHelp(commands));
      return argv.length === 0 ? 2 : 0;
    }
    // Longest match of command words: 'contracts create' before 'contracts'.
    const entry = [...commands]
      .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
      .find((c) => {
        const words = c.name.split(' ');
        return words.every((w, i) => argv[i] === w);
      });
    if (!entry) {
      const group = commands.filter((c) => c.name.split(' ')[0] === argv[0]);
      if (group.length > 0) {
        const sub = argv[1];
        if (sub === undefined || sub === '--help') {
          io.stdout(mainHelp(group));
          return sub === '--help' ? 0 : 2;
        }
        throw new UsageError(`unknown command "${argv[0]} ${sub}" (try: ${group.map((c) => c.name).join(', ')})`);
      }
      throw new UsageError(`unknown command "${argv[0]}" (tierdesk --help lists the commands)`);
    }
    const cmd = 'load' in entry ? await entry.load() : entry;
    const rest = argv.slice(cmd.name.split(' ').length);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(helpText(cmd));
      return 0;
    }
    const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
    for (const [k, v] of Object.entries(cmd.options)) options[k] = { type: v.type, ...(v.multiple ? { multiple: true } : {}) };
    let values: Values;
    try {
      const parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
      values = parsed.values as Values;
    } catch (e) {
      throw new UsageError(parseProblem(cmd, e as Error & { code?: string }));
    }
    for (const [k, v] of Object.entries(cmd.options)) {
      if (v.required && (values[k] === undefined || values[k] === '')) throw new UsageError(`missing required option --${k}`);
    }
    for (const [k, v] of Object.entries(cmd.options)) {
      const given = values[k];
      if (v.file && typeof given === 'string' && given !== '') checkFile(given, v.file);
    }
    // Loaded here, not at the top: the database and date code (better-sqlite3, luxon) only when a command runs.
    const [{ openDb, platformZone }, { isDate, todayIn }] = await Promise.all([import('../engine/db'), import('../engine/time')]);
    function openCommandDb(opts: OpenOptions & { readonly: true }): ReadableDB;
    function openCommandDb(opts?: OpenOptions & { readonly?: false }): DB;
    function openCommandDb(opts?: OpenOptions): ReadableDB {
      const db = openDb(values.db as string, { now: io.now, ...opts });
      open.push(db);
      return db;
    }
    const ctx: CommandContext = {
      values,
      io,
      str: (name) => values[name] as string | undefined,
      list: (name) => {
        const v = values[name];
        return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
      },
      actor: () => (values.actor as string | undefined) || io.env.TIERDESK_ACTOR || safeUserName(),
      date(name) {
        const v = values[name] as string | undefined;
        if (v === undefined) return undefined;
        if (!isDate(v)) throw new UsageError(`--${name}: "${v}" is not a date (YYYY-MM-DD)`);
        return v;
      },
      tier(name) {
        const v = values[name] as string | undefined;
        if (v === undefined) return undefined;
        if (!isTier(v)) throw new UsageError(`--${name}: unknown tier "${v}" (none, regular, silver, gold, diamond, supreme)`);
        return v;
      },
      int(name) {
        const v = values[name] as string | undefined;
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: "${v}" is not a whole number`);
        return Number(v);
      },
      db: openCommandDb,
      today: (db) => todayIn(platformZone(db), io.now()),
      out: (t) => void io.stdout(t.endsWith('\n') ? t : t + '\n'),
      err: (t) => void io.stderr(t.endsWith('\n') ? t : t + '\n'),
      json: (v) => void io.stdout(JSON.stringify(v, null, 2) + '\n'),
    };
    const code = await cmd.run(ctx);
    return code ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`tierdesk: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DomainError) {
      io.stderr(`tierdesk: ${e.message}\n`);
      return 1;
    }
    io.stderr(`tierdesk: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  } finally {
    for (const db of open) if (db.open) db.close();
  }
}

/** A parseArgs failure in the words of the other usage errors, pointing to the command's --help. */
function parseProblem(cmd: Command, e: Error & { code?: string }): string {
  const help = `(tierdesk ${cmd.name} --help lists its options)`;
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = closest(quoted.replace(/^-+/, ''), Object.keys(cmd.options));
      return `unknown option ${quoted}${near ? ` (did you mean --${near}?)` : ''} ${help}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}": every value follows its option, as in --db FILE ${help}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = quoted.split(' ')[0]!;
      return /argument missing/.test(e.message) ? `option ${name} needs a value ${help}` : `option ${name} takes no value ${help}`;
    }
    default:
      return `${e.message.split('\n')[0]!} ${help}`;
  }
}

/** A missing input file, or the missing folder of an output file, refused by name without a stack (exit 1). */
function checkFile(file: string, mode: 'in' | 'out'): void {
  if (mode === 'in') {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
        throw new DomainError('FILE_NOT_FOUND', `no such file: ${file}`);
      throw new DomainError('FILE_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
    }
    if (!stat.isFile()) throw new DomainError('FILE_UNREADABLE', `not a file: ${file}`);
    return;
  }
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new DomainError('FILE_NOT_FOUND', `no such folder: ${dir} (for ${file})`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new DomainError('FILE_UNREADABLE', `${file} is a folder, not a file`);
}

function safeUserName(): string {
  try {
    return os.userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
