import fs from 'node:fs';
import { JobRunner } from '../engine/worker/runner';
import type { JobProgress } from '@shared/api/types';

export const DEMO_CUSTOMERS = 20_000;
export const DEMO_SEED = 1;

/**
 * Creates `file` filled with demo data and evaluated as of today, in a worker. It is built under a
 * temporary name and renamed at the end, so an interrupted first launch leaves no half database.
 */
export async function createDemoDatabase(
  file: string,
  opts: {
    workerUrl: URL | string;
    nativeBinding?: string;
    now: () => number;
    actor: string;
    customers?: number;
    seed?: number;
    onProgress?: (p: JobProgress) => void;
  },
): Promise<void> {
  const tmp = `${file}.creating`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const jobs = new JobRunner({
    workerUrl: opts.workerUrl,
    dbPath: tmp,
    now: opts.now,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  await jobs.run(
    { kind: 'demo', customers: opts.customers ?? DEMO_CUSTOMERS, seed: opts.seed ?? DEMO_SEED, actor: opts.actor },
    opts.onProgress,
  );
  fs.renameSync(tmp, file);
}
