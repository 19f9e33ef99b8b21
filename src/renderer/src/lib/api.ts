import { createClient, httpTransport, preloadTransport, readToken, type Client, type TierdeskApi } from '@shared/api';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    tierdesk?: TierdeskApi;
  }
}

function makeClient(): Client {
  if (window.tierdesk) return createClient(preloadTransport(window.tierdesk));
  const token = readToken(location.hash, sessionStorage);
  if (/(?:^#|&)token=/.test(location.hash)) {
    // The token must not stay in the address bar (history, screenshots, copied links).
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  // Without a token every call answers UNAUTHORIZED, which the shell explains to the user.
  return createClient(httpTransport({ token: token ?? '' }));
}

/** The one API client of the renderer. */
export const api: Client = makeClient();
