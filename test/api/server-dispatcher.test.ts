import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/engine/errors';
import { getSetting } from '../../src/engine/db';
import { createDispatcher, type Dispatch } from '../../src/server/dispatcher';
import { HANDLERS } from '../../src/server/handlers/index';
import type { Handlers } from '../../src/server/handlers/types';
import type { ServerEnv } from '../../src/server/context';
import { envFor, knownDb, tempDir } from '../helpers/serverFixtures';

let env: ServerEnv;
let dispatch: Dispatch;
const logged: unknown[] = [];

beforeAll(() => {
  const file = path.join(tempDir(), 'd.db');
  env = envFor(knownDb(file), file, 'unused-worker.mjs');
  dispatch = createDispatcher(env, HANDLERS, (e) => logged.push(e));
});
afterAll(() => env.db.close());

describe('dispatcher error shapes', () => {
  it('unknown channel', async () => {
    for (const c of ['nope:nope', '__proto__', 'constructor', 'toString', '']) {
      expect(await dispatch(c, {})).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel "${c}"` } });
    }
  });

  it('zod errors are BAD_INPUT naming the path', async () => {
    expect(await dispatch('runs:trend', { limit: 0 })).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'runs:trend: limit: Too small: expected number to be >=1' },
    });
    const unknownKey = await dispatch('tiers:distribution', { extra: 1 });
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!unknownKey.ok && unknownKey.error.message).toContain('extra');
    const badDate = await dispatch('evaluation:run', { asOf: '2026-02-30' });
    expect(badDate).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'evaluation:run: asOf: must be a real date written YYYY-MM-DD' },
    });
    for (const input of [null, undefined]) expect((await dispatch('app:info', input)).ok).toBe(true);
    for (const input of [42, 'x', [], true])
      expect(await dispatch('app:info', input)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('DomainError keeps its code and message; anything else is INTERNAL and logged', async () => {
    const handlers: Handlers = {
      ...HANDLERS,
      'reviews:count': async () => {
        throw new DomainError('DB_LOCKED', 'x.db: the database is locked');
      },
      'tiers:gmvShare': async () => {
        throw new TypeError('cannot read properties of undefined');
      },
      'settings:get': async () => {
        throw 'a string';
      },
    };
    const d = createDispatcher(env, handlers, (e) => logged.push(e));
    expect(await d('reviews:count', {})).toEqual({ ok: false, error: { code: 'DB_LOCKED', message: 'x.db: the database is locked' } });
    expect(await d('tiers:gmvShare', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'tiers:gmvShare: internal error (cannot read properties of undefined)' },
    });
    expect(await d('settings:get', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'settings:get: internal error (a string)' },
    });
    expect(logged.length).toBe(2);
  });
});

describe('settings', () => {
  it('default to zh-CN without an operator; set is audited and becomes the actor', async () => {
    expect(await dispatch('settings:get', {})).toEqual({ ok: true, value: { language: 'zh-CN', operatorName: null } });
    expect(await dispatch('settings:set', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('settings:set', { operatorName: '   ' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('settings:set', { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch('settings:set', { language: 'en', operatorName: ' 王小明 ' })).toEqual({
      ok: true,
      value: { language: 'en', operatorName: '王小明' },
    });
    expect(getSetting(env.db, 'ui.language')).toBe('en');
    const row = env.db.prepare("SELECT actor, action, before, after FROM audit_log WHERE action = 'settings.operator'").get();
    expect(row).toEqual({ actor: '王小明', action: 'settings.operator', before: 'null', after: '"王小明"' });
    // Changing only the language writes no further audit row.
    await dispatch('settings:set', { language: 'zh-CN' });
    expect(env.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'settings.operator'").get()).toEqual({ n: 1 });
  });
});
