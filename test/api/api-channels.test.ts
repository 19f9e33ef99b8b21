import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, API_CHANNELS, isChannel, isProgressChannel, type Channel, type Output, type Result } from '@shared/api/apiChannels';
import { FN_NAMES, channelOf, fnName } from '@shared/api/names';
import { createClient, preloadTransport, readToken, type TierdeskApi, type Transport } from '@shared/api/client';
import { HANDLERS } from '../../src/server/handlers/index';
import type { Handlers } from '../../src/server/handlers/types';
import { buildApi, type PreloadIpc } from '../../src/preload/api';

// A channel without a handler is a compile error: this must not typecheck if one is missing.
const _everyChannelHasAHandler: Handlers = HANDLERS;
// And the named client function of a channel returns that channel's output.
const _namedFnIsTyped = (api: TierdeskApi): Promise<Result<'tiers:distribution'>> => api.tiersDistribution();
const _outputIsTyped = (v: Output<'tiers:distribution'>): number[] => v.tiers.map((t) => t.count);

describe('the API channels', () => {
  it('names every channel domain:verb, once, with a strict input schema and a kind', () => {
    expect(CHANNELS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    for (const c of CHANNELS) {
      expect(c).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
      const def = API_CHANNELS[c];
      expect(['read', 'write']).toContain(def.kind);
      expect(def.input).toBeInstanceOf(z.ZodType);
      expect(def.summary.length).toBeGreaterThan(10);
      // Unknown keys are refused by every schema.
      expect(def.input.safeParse({ __proto_pollution__: 1 }).success, c).toBe(false);
    }
  });

  it('has a handler for every channel and no handler without a channel', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(typeof HANDLERS[c]).toBe('function');
  });

  it('serves the channels of each channel file from the same-named handler module, exactly', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const names = (dir: string) =>
      fs
        .readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.slice(0, -3));
    const channelFiles = names('src/shared/api/channels').sort();
    expect(
      names('src/server/handlers')
        .filter((n) => n !== 'index' && n !== 'types')
        .sort(),
    ).toEqual(channelFiles);
    for (const name of channelFiles) {
      const declared = await import(`../../src/shared/api/channels/${name}.ts`);
      const lists = Object.entries(declared).filter(([k]) => k.endsWith('_CHANNELS'));
      expect(lists.length, name).toBe(1);
      const served = (await import(`../../src/server/handlers/${name}.ts`)) as { handlers: object };
      expect(Object.keys(served.handlers).sort(), name).toEqual(Object.keys(lists[0]![1] as object).sort());
    }
  });

  it('marks the long-running channels', () => {
    expect(CHANNELS.filter(isProgressChannel).sort()).toEqual(['evaluation:run', 'import:run', 'simulation:backtest', 'simulation:run']);
    expect(API_CHANNELS['evaluation:run'].kind).toBe('write');
    expect(isChannel('tiers:distribution')).toBe(true);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
  });
});

describe('function names', () => {
  it('follow domain + Verb', () => {
    expect(fnName('tiers:distribution')).toBe('tiersDistribution');
    expect(fnName('tiers:gmvShare')).toBe('tiersGmvShare');
    expect(fnName('evaluation:run')).toBe('evaluationRun');
    expect(channelOf('settingsSet')).toBe('settings:set');
    expect(channelOf('invoke')).toBeUndefined();
    expect(new Set(FN_NAMES).size).toBe(CHANNELS.length);
  });

  it('the preload exposes exactly the contract functions, nothing generic', async () => {
    const calls: unknown[][] = [];
    const ipc: PreloadIpc = { invoke: async (...a) => (calls.push(a), { ok: true, value: null }), on: () => {}, removeListener: () => {} };
    const api = buildApi(ipc, () => 'job-12345678');
    expect(Object.keys(api).sort()).toEqual(CHANNELS.map(fnName).sort());
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
    await api.tiersDistribution();
    expect(calls).toEqual([['tiers:distribution', {}]]);
  });

  it('preload progress: events of its own job reach onProgress, others do not, listener removed', async () => {
    const listeners = new Set<(e: unknown, p: unknown) => void>();
    const ipc: PreloadIpc = {
      on: (_ev, l) => listeners.add(l),
      removeListener: (_ev, l) => listeners.delete(l),
      invoke: async (channel, input, jobId) => {
        for (const l of listeners) {
          l(null, { jobId: 'someone-else', channel, progress: { phase: 'x', done: 9, total: 9 } });
          l(null, { jobId, channel, progress: { phase: 'orders', done: 1, total: 2 } });
        }
        return { ok: true, value: { asOf: (input as { asOf: string }).asOf } };
      },
    };
    const seen: unknown[] = [];
    const api = buildApi(ipc, () => 'job-abcdefgh');
    const r = await api.evaluationRun({ asOf: '2026-11-23' }, (p) => seen.push(p));
    expect(r).toEqual({ ok: true, value: { asOf: '2026-11-23' } });
    expect(seen).toEqual([{ phase: 'orders', done: 1, total: 2 }]);
    expect(listeners.size).toBe(0);
  });
});

describe('the renderer client', () => {
  it('has one function per channel over any transport and never throws', async () => {
    const seen: Array<[Channel, unknown]> = [];
    const transport: Transport = {
      call: async (channel, input) => {
        seen.push([channel, input]);
        if (channel === 'reviews:count') throw new Error('socket closed');
        return { ok: true, value: { open: 3 } };
      },
    };
    const client = createClient(transport);
    for (const name of FN_NAMES) expect(typeof (client as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(await client.settingsSet({ language: 'en' })).toEqual({ ok: true, value: { open: 3 } });
    expect(await client.reviewsCount()).toEqual({ ok: false, error: { code: 'NETWORK', message: 'reviews:count: socket closed' } });
    expect(seen).toEqual([
      ['settings:set', { language: 'en' }],
      ['reviews:count', {}],
    ]);
  });

  it('goes through the preload object in Electron', async () => {
    const ipc: PreloadIpc = { invoke: async (c) => ({ ok: true, value: c }), on: () => {}, removeListener: () => {} };
    const client = createClient(preloadTransport(buildApi(ipc, () => 'job-12345678')));
    expect(await client.call('runs:trend', { limit: 5 })).toEqual({ ok: true, value: 'runs:trend' });
  });

  it('reads the token from the URL fragment once, then from sessionStorage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const token = 'ab'.repeat(32);
    expect(readToken('', storage)).toBeNull();
    expect(readToken(`#token=${token}`, storage)).toBe(token);
    expect(readToken('', storage)).toBe(token);
    expect(readToken('#token=<script>', storage)).toBe(token);
  });
});
