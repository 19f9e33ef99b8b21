export const PAGES = ['dashboard', 'customers', 'reviews', 'policy', 'contracts', 'data', 'audit'] as const;
export type PageKey = (typeof PAGES)[number];

export const isPage = (s: string): s is PageKey => (PAGES as readonly string[]).includes(s);

/** `#/reviews` → `reviews` (a `?…` suffix is the page's own state); anything else is the dashboard. */
export function pageFromHash(hash: string): PageKey {
  const key = hash.replace(/^#\/?/, '').replace(/\?.*$/, '');
  return isPage(key) ? key : 'dashboard';
}
