import type { WritableDB } from './sql/connection';
import { platformZone, setSetting } from './db';
import { generateDemo } from './demo';
import { evaluate, type EvaluationSummary } from './evaluate';
import { todayIn } from './time';
import type { OnProgress } from './metrics';

/** Setting that marks a database filled with generated demo data (the console shows a banner). */
export const DEMO_SETTING = 'demo';

/** Fills a new database with demo customers and grades them as of today. */
export function fillDemo(
  db: WritableDB,
  opts: { customers: number; seed: number; now: () => number; actor: string; onProgress?: OnProgress },
) {
  const zone = platformZone(db);
  const made = generateDemo(db, {
    customers: opts.customers,
    seed: opts.seed,
    today: todayIn(zone, opts.now()),
    zone,
    ...(opts.onProgress ? { onProgress: (done: number, total: number) => opts.onProgress!({ phase: 'demo', done, total }) } : {}),
  });
  setSetting(db, DEMO_SETTING, '1');
  const evaluation: EvaluationSummary = evaluate(db, {
    now: opts.now,
    actor: opts.actor,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return { ...made, evaluation };
}
