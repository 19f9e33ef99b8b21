/**
 * Content Security Policy of the renderer, the same in Electron and in browser mode. No
 * 'unsafe-inline', no 'unsafe-eval': scripts come only from the app's own files, and the style tags
 * that antd's CSS-in-JS injects carry a per-page nonce, which the host writes into index.html as
 * `<meta name="tierdesk-csp-nonce" content="…">` (give it to antd: `<ConfigProvider csp={{ nonce }}>`).
 */
export const CSP_NONCE_META = 'tierdesk-csp-nonce';

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'",
  ].join('; ');
}

/** index.html with the nonce meta tag (the only change the host makes to the built page). */
export function injectNonce(html: string, nonce: string): string {
  const meta = `<meta name="${CSP_NONCE_META}" content="${nonce}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}\n    ${meta}`) : meta + html;
}
