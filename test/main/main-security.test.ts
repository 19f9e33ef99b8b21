import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  isAppUrl,
  isTrustedSender,
  permissionDecision,
  rendererFileFor,
  shouldBlockNavigation,
  windowOpenDecision,
  windowOptions,
} from '../../src/main/security';
import { registerIpc, type InvokeEvent, type IpcMainLike } from '../../src/main/ipc';
import { CHANNELS, PROGRESS_EVENT, type AnyResult } from '@shared/api/apiChannels';
import { contentSecurityPolicy, injectNonce } from '@shared/api/security';
import type { Dispatch } from '../../src/server/dispatcher';

const FOREIGN = [
  'https://evil',
  'https://evil.example/index.html',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'file:///work/main/out/renderer/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://tierdesk/1234',
  'app://evil/index.html',
  'app://tierdesk.evil/index.html',
  'app://user:pw@tierdesk/index.html',
  'about:blank',
  'not a url',
  '',
];

describe('window options', () => {
  const opts = windowOptions('/app/out/preload/index.cjs', { devTools: false });
  it('isolate and sandbox the renderer', () => {
    const w = opts.webPreferences!;
    expect(w.contextIsolation).toBe(true);
    expect(w.sandbox).toBe(true);
    expect(w.nodeIntegration).toBe(false);
    expect(w.nodeIntegrationInWorker).toBe(false);
    expect(w.nodeIntegrationInSubFrames).toBe(false);
    expect(w.webSecurity).toBe(true);
    expect(w.allowRunningInsecureContent).toBe(false);
    expect(w.webviewTag).toBe(false);
    expect(w.experimentalFeatures).toBe(false);
    expect(w.preload).toBe('/app/out/preload/index.cjs');
    expect(w.devTools).toBe(false);
  });
  it('app scheme is standard and secure (a real origin for CSP and the guards)', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
  });
});

describe('navigation and new windows', () => {
  it('allow only the app itself', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/customers?id=1#x`)).toBe(true);
    expect(shouldBlockNavigation(`${APP_ORIGIN}/index.html`)).toBe(false);
  });
  it.each(FOREIGN)('refuse %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(shouldBlockNavigation(url)).toBe(true);
    expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });
  it('deny even app URLs as new windows (one window, no shell.openExternal)', () => {
    expect(windowOpenDecision(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny' });
  });
  it('deny every permission request', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(permissionDecision(p)).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('trusts only the app top frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    for (const url of FOREIGN) expect(isTrustedSender({ url, parent: null })).toBe(false);
  });

  it('registerIpc: one handler per channel, foreign frames refused before dispatch, progress by job id', async () => {
    const handlers = new Map<string, (e: InvokeEvent, ...a: unknown[]) => Promise<AnyResult>>();
    const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l) };
    const dispatched: unknown[][] = [];
    const dispatch: Dispatch = async (channel, input, opts) => {
      dispatched.push([channel, input]);
      opts?.onProgress?.({ phase: 'orders', done: 1, total: 2 });
      return { ok: true, value: channel };
    };
    registerIpc(ipcMain, dispatch);
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());

    const sent: unknown[][] = [];
    const sender = { send: (c: string, p: unknown) => void sent.push([c, p]), isDestroyed: () => false };
    const evil = await handlers.get('tiers:distribution')!({ senderFrame: { url: 'https://evil', parent: null }, sender }, {});
    expect(evil).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const sub = await handlers.get('settings:set')!(
      { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} }, sender },
      { language: 'en' },
    );
    expect(sub).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatched).toEqual([]);

    const ok = await handlers.get('evaluation:run')!(
      { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender },
      {},
      'job-12345678',
    );
    expect(ok).toEqual({ ok: true, value: 'evaluation:run' });
    expect(sent).toEqual([
      [PROGRESS_EVENT, { jobId: 'job-12345678', channel: 'evaluation:run', progress: { phase: 'orders', done: 1, total: 2 } }],
    ]);
    // A malformed job id gets no progress (never echoed back to the page).
    await handlers.get('evaluation:run')!({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender }, {}, '<img src=x>');
    expect(sent.length).toBe(1);
  });
});

describe('renderer files and CSP', () => {
  it('maps app URLs into the renderer folder only', () => {
    expect(rendererFileFor(`${APP_ORIGIN}/`, '/r')).toBe('/r/index.html');
    expect(rendererFileFor(`${APP_ORIGIN}/assets/a.js?v=1`, '/r')).toBe('/r/assets/a.js');
    // The URL parser already folds dot segments; encoded slashes are decoded later and refused.
    expect(rendererFileFor(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, '/r')).toBe('/r/etc/passwd');
    expect(rendererFileFor(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`, '/r')).toBeNull();
    expect(rendererFileFor(`${APP_ORIGIN}/a%5c..%5c..%5csecret`, '/r')).toBeNull();
    expect(rendererFileFor(`${APP_ORIGIN}/a%00.js`, '/r')).toBeNull();
    expect(rendererFileFor('app://evil/index.html', '/r')).toBeNull();
    expect(rendererFileFor('file:///etc/passwd', '/r')).toBeNull();
  });
  it('CSP: no unsafe-inline, no unsafe-eval, styles by nonce, no framing', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'nonce-abc123'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(injectNonce('<html><head><title>x</title></head></html>', 'abc123')).toBe(
      '<html><head>\n    <meta name="tierdesk-csp-nonce" content="abc123"><title>x</title></head></html>',
    );
  });
});
