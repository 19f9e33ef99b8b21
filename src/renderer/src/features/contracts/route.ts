import { CONTRACT_FLAG_LIST, CONTRACT_STATUS_LIST, type ContractFlag, type ContractStatus } from '@shared/api/channels/contracts';

/**
 * The contracts page's state in the address (`#/contracts?flag=expiring&number=C-1`), so the
 * dashboard card and the customer file can link to a filtered list or one contract, and reloads and
 * the back button keep what was open.
 */
export interface ContractsRoute {
  status: ContractStatus | null;
  flag: ContractFlag | null;
  search: string;
  sort: 'end' | '-end';
  /** The contract whose view is open; null shows the list. */
  number: string | null;
}

export const EMPTY_ROUTE: ContractsRoute = { status: null, flag: null, search: '', sort: 'end', number: null };

const pick = <T extends string>(list: readonly T[], v: string | null): T | null =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : null;

export function routeFromHash(hash: string): ContractsRoute {
  const i = hash.indexOf('?');
  const q = new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
  return {
    status: pick(CONTRACT_STATUS_LIST, q.get('status')),
    flag: pick(CONTRACT_FLAG_LIST, q.get('flag')),
    search: q.get('q') ?? '',
    sort: q.get('sort') === '-end' ? '-end' : 'end',
    number: q.get('number') || null,
  };
}

export function hashOf(r: Partial<ContractsRoute>): string {
  const q = new URLSearchParams();
  if (r.status) q.set('status', r.status);
  if (r.flag) q.set('flag', r.flag);
  if (r.search) q.set('q', r.search);
  if (r.sort === '-end') q.set('sort', '-end');
  if (r.number) q.set('number', r.number);
  const s = q.toString();
  return s ? `#/contracts?${s}` : '#/contracts';
}
