import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';

/**
 * The Electron security checklist as pure functions, so each rule is unit-tested without a window.
 * The renderer is served from the app's own privileged scheme (never file:), which gives it a real
 * origin that CSP 'self', navigation guards and IPC sender checks can name.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tierdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/** `devTools` only for unpackaged runs: a packaged console has no console for pasting scripts into. */
export function windowOptions(preloadPath: string, opts: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Tierdesk 卡盟等级运营台',
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  };
}

/**
 * True only for a URL of the app itself: app://tierdesk/…. Everything else — https://evil, file:,
 * javascript:, data:, blob:, app://other — is foreign. (There is deliberately no dev-server origin:
 * its inline HMR scripts would need a weaker CSP; the console always runs from the built files.)
 */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** will-navigate / will-redirect / will-frame-navigate: prevent unless the target is the app. */
export function shouldBlockNavigation(url: string): boolean {
  return !isAppUrl(url);
}

/** setWindowOpenHandler: the console has one window and never opens others (nor the OS browser). */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** Session permission requests and checks (camera, notifications, clipboard, HID, …): all refused. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** IPC: only the app's own top frame may call the API (not a foreign page, not a sub-frame). */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** Maps a request for app://tierdesk/<path> to a file inside the renderer folder, or null. */
export function rendererFileFor(requestUrl: string, rendererDir: string, sep = '/'): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' || seg.includes('\\') || seg.includes('\0')) return null;
    parts.push(seg);
  }
  if (parts.length === 0) parts.push('index.html');
  return [rendererDir.replace(/[\\/]+$/, ''), ...parts].join(sep);
}
