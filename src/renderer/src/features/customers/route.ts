import type { CustomerFilter } from '@shared/api/channels/customers';

/** The customer whose file is open lives in the address (`#/customers?id=…`), so other pages can link to it. */
export function idFromHash(hash: string): string | null {
  const i = hash.indexOf('?');
  if (!hash.replace(/^#\/?/, '').startsWith('customers') || i < 0) return null;
  return new URLSearchParams(hash.slice(i + 1)).get('id');
}
export const customerHash = (id: string | null) => (id === null ? '#/customers' : `#/customers?${new URLSearchParams({ id }).toString()}`);

const isEmpty = (v: unknown) =>
  v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => x === undefined));

/** The filter without unset fields: what travels to the server (and to the CSV export). */
export function cleanFilter(f: CustomerFilter): CustomerFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (!isEmpty(v) && v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as CustomerFilter;
}
