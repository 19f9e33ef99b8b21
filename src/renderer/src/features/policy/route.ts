/** The policy page's view in the address (`#/policy?view=tiers`), so staff can link to the tiers view and reloads keep it. */
export const VIEWS = ['studio', 'tiers', 'backtest'] as const;
export type PolicyView = (typeof VIEWS)[number];

export function viewFromHash(hash: string): PolicyView {
  const i = hash.indexOf('?');
  const v = new URLSearchParams(i < 0 ? '' : hash.slice(i + 1)).get('view');
  return (VIEWS as readonly (string | null)[]).includes(v) ? (v as PolicyView) : 'studio';
}

export const hashOf = (view: PolicyView): string => (view === 'studio' ? '#/policy' : `#/policy?view=${view}`);
