import { afterAll, beforeAll } from 'vitest';
import { createDispatcher } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { createClient, type Client } from '@shared/api/client';
import type { ServerEnv } from '../../src/server/context';
import { JobRunner } from '../../src/engine/worker/runner';
import { SimulationWorker } from '../../src/engine/worker/simulation';
import type { Fixture } from './fixture';

/** The typed renderer client over the dispatcher, on a fixture database (no worker job or simulation is run). */
export function apiFor(f: Fixture): { api: Client; env: ServerEnv } {
  const env: ServerEnv = {
    db: f.db,
    dbPath: f.file,
    mode: 'browser',
    appVersion: '0.0.0-test',
    now: () => f.now(),
    defaultActor: 'os-user',
    jobs: new JobRunner({ workerUrl: 'unused-in-these-tests', dbPath: f.file, now: () => f.now() }),
    simulation: new SimulationWorker({ workerUrl: 'unused-in-these-tests', dbPath: f.file }),
  };
  const dispatch = createDispatcher(env, HANDLERS);
  return { env, api: createClient({ call: (channel, input) => dispatch(channel, input) }) };
}

export function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * An API suite on one fixture: made (with the operator name, when given) before the enclosing describe
 * block's tests, its job runner and database closed after them. Read its fields inside the tests.
 */
export function apiSuite(
  make: () => Fixture,
  opts: { operatorName?: string } = {},
): { readonly f: Fixture; readonly api: Client; readonly env: ServerEnv } {
  const s = {} as { f: Fixture; api: Client; env: ServerEnv };
  beforeAll(async () => {
    s.f = make();
    Object.assign(s, apiFor(s.f));
    if (opts.operatorName) ok(await s.api.settingsSet({ operatorName: opts.operatorName }));
  });
  afterAll(async () => {
    await s.env.jobs.close();
    s.f.close();
  });
  return s;
}
