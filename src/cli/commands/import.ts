import { UsageError, common, type Command } from '../framework';
import { importFiles, formatError, KINDS, MAX_LISTED_ERRORS, type ImportSources } from '../../engine/import/index';
import { openSource } from '../../engine/import/source';

const file = (what: string) => ({ type: 'string' as const, file: 'in' as const, help: `FILE  ${what} CSV file` });

const importCommand: Command = {
  name: 'import',
  summary: 'import customers, orders, referrals and contributions from CSV (all or nothing)',
  options: {
    db: { ...common.db, help: 'FILE  the Tierdesk database (created when missing)' },
    customers: file('customers'),
    orders: file('orders'),
    referrals: file('referrals'),
    contributions: file('contributions'),
    'dry-run': { type: 'boolean', help: 'check every row and report what would change, write nothing' },
    json: common.json,
    actor: common.actor,
  },
  async run(ctx) {
    const sources: ImportSources = {};
    for (const kind of KINDS) {
      const path = ctx.str(kind);
      if (path !== undefined) sources[kind] = path;
    }
    if (Object.keys(sources).length === 0)
      throw new UsageError('nothing to import: give at least one of --customers, --orders, --referrals, --contributions');
    // A missing input file is refused before the database is created.
    for (const path of Object.values(sources)) await openSource(path);
    const db = ctx.db({ create: true });
    const dryRun = ctx.values['dry-run'] === true;
    const result = await importFiles(db, sources, { dryRun, now: () => ctx.io.now(), actor: ctx.actor() });
    if (!result.ok) {
      for (const e of result.errors) ctx.err(formatError(e));
      const more = result.errorCount - result.errors.length;
      if (more > 0) ctx.err(`… and ${more} more`);
    }
    if (ctx.values.json) ctx.json(result);
    if (!result.ok) {
      const n = result.errorCount;
      ctx.err(
        `import refused: ${n} error${n === 1 ? '' : 's'}${n > MAX_LISTED_ERRORS ? ` (first ${MAX_LISTED_ERRORS} listed)` : ''}; nothing was imported. Fix the rows listed and run the import again (--dry-run checks without writing).`,
      );
      return 1;
    }
    if (!ctx.values.json) {
      for (const f of Object.values(result.files)) {
        ctx.out(`${f.file}: ${f.rows} rows, ${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged`);
      }
      ctx.out(
        dryRun
          ? 'Dry run: every row is good; nothing was written. Run the same command without --dry-run to import.'
          : `Imported into ${ctx.str('db')}. Tiers change only when you evaluate: run "tierdesk evaluate --db ${ctx.str('db')}" next.`,
      );
    }
    return 0;
  },
};

export const commands: Command[] = [importCommand];
