import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import { CHANNELS, API_CHANNELS, type AnyResult } from '@shared/api/apiChannels';
import type { ServerEnv } from '../../src/server/context';
import { bundleWorker, envFor, knownDb, tempDir } from '../helpers/serverFixtures';

// Arbitrary payloads through the dispatcher that IPC and HTTP share: every call answers a Result,
// never throws; read channels leave the database byte-identical; refused writes change no row count.
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

let env: ServerEnv;
let dispatch: Dispatch;
let file: string;
let worker: string;

beforeAll(async () => {
  worker = await bundleWorker();
  file = path.join(tempDir(), 'fuzz.db');
  env = envFor(knownDb(file), file, worker);
  dispatch = createDispatcher(env, HANDLERS, () => {});
});
afterAll(async () => {
  await env.jobs.close();
  env.db.close();
  fs.rmSync(worker, { force: true });
});

function fileHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) h.update(fs.readFileSync(f));
  return h.digest('hex');
}
function rowCounts(): Record<string, number> {
  const tables = env.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
    name: string;
  }[];
  return Object.fromEntries(
    tables.map((t) => [t.name, (env.db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]),
  );
}

const keys = ['asOf', 'limit', 'language', 'operatorName', '__proto__', 'constructor', 'extra'];
const payload = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.dictionary(fc.constantFrom(...keys), fc.anything(), { maxKeys: 3 }),
  // Near misses of the real schemas (a valid evaluation date would only run evaluations).
  fc.record({ asOf: fc.oneof(fc.string(), fc.constantFrom('2026-02-30', '2026-11-01', '1900-01-01', '2026-1-1')) }),
  fc.record({ limit: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
  fc.record(
    { language: fc.oneof(fc.string(), fc.constantFrom('en', 'zh-CN')), operatorName: fc.oneof(fc.string(), fc.constant(' ')) },
    { requiredKeys: [] },
  ),
);

function isResult(r: AnyResult): boolean {
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error.code === 'string' && typeof r.error.message === 'string' && r.error.message.length > 0;
}

describe('fuzzing every channel', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: ${RUNS} arbitrary payloads`, async () => {
      await fc.assert(
        fc.asyncProperty(payload, async (input) => {
          const beforeHash = API_CHANNELS[channel].kind === 'read' ? fileHash() : '';
          const beforeRows = rowCounts();
          let r: AnyResult;
          try {
            r = await dispatch(channel, input);
          } catch (e) {
            throw new Error(`${channel} threw: ${String(e)}`, { cause: e });
          }
          expect(isResult(r)).toBe(true);
          // Results cross IPC and HTTP: they must survive JSON.
          expect(() => JSON.stringify(r)).not.toThrow();
          if (API_CHANNELS[channel].kind === 'read') expect(fileHash()).toBe(beforeHash);
          else if (!r.ok) expect(rowCounts()).toEqual(beforeRows);
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }
});
