import { create } from 'zustand';
import type { ApiError, Result } from '@shared/api';
import type { ContractDashboardCounts, ContractDetail, ContractInfo } from '@shared/api/channels/contracts';
import { api } from '../../lib/api';
import { EMPTY_ROUTE, hashOf, routeFromHash, type ContractsRoute } from './route';

export type StatusAction = 'activate' | 'suspend' | 'resume' | 'terminate';

interface ContractsState {
  route: ContractsRoute;
  list: ContractInfo[] | null;
  listError: ApiError | null;
  loadingList: boolean;
  detail: ContractDetail | null;
  detailError: ApiError | null;
  card: ContractDashboardCounts | null;
  cardError: ApiError | null;
  /** Reads the page state from the address and loads what it shows. */
  syncFromHash(): void;
  /** Changes filters; the address follows without a new history entry. */
  setFilters(f: Partial<Omit<ContractsRoute, 'number'>>): void;
  /** Opens a contract's view (null: back to the list) as a new history entry. */
  open(number: string | null): void;
  loadList(): Promise<void>;
  loadDetail(): Promise<void>;
  loadCard(): Promise<void>;
  /** A change answered with the contract's new detail: show it and refresh the list and card. */
  applied(d: ContractDetail): void;
  act(action: StatusAction, number: string, reason: string): Promise<ApiError | null>;
}

// Answers can arrive out of order (typing in the search box): only the latest request's answer counts.
let listSeq = 0;
let detailSeq = 0;

export const useContractsStore = create<ContractsState>((set, get) => ({
  route: EMPTY_ROUTE,
  list: null,
  listError: null,
  loadingList: false,
  detail: null,
  detailError: null,
  card: null,
  cardError: null,

  syncFromHash() {
    const before = get().route;
    const route = routeFromHash(location.hash);
    set({ route });
    void get().loadList();
    if (route.number) {
      if (route.number !== before.number || !get().detail) set({ detail: null, detailError: null });
      void get().loadDetail();
    }
  },

  setFilters(f) {
    const route = { ...get().route, ...f, number: null };
    set({ route });
    history.replaceState(null, '', `${location.pathname}${location.search}${hashOf(route)}`);
    void get().loadList();
  },

  open(number) {
    location.hash = hashOf({ ...get().route, number });
  },

  async loadList() {
    const seq = ++listSeq;
    const { status, flag, search, sort } = get().route;
    set({ loadingList: true });
    const r = await api.contractsList({ status: status ?? undefined, flag: flag ?? undefined, search: search.trim() || undefined, sort });
    if (seq !== listSeq) return;
    set({ loadingList: false, ...(r.ok ? { list: r.value, listError: null } : { listError: r.error }) });
  },

  async loadDetail() {
    const number = get().route.number;
    if (!number) return;
    const seq = ++detailSeq;
    const r = await api.contractsGet({ number });
    if (seq !== detailSeq) return;
    set(r.ok ? { detail: r.value, detailError: null } : { detail: null, detailError: r.error });
  },

  async loadCard() {
    const r = await api.contractsDashboard();
    set(r.ok ? { card: r.value, cardError: null } : { cardError: r.error });
  },

  applied(d) {
    set({ detail: d, detailError: null });
    void get().loadList();
    void get().loadCard();
  },

  async act(action, number, reason) {
    const why = reason.trim();
    let r: Result<'contracts:activate'>;
    if (action === 'terminate') r = await api.contractsTerminate({ number, reason: why });
    else {
      const input = why ? { number, reason: why } : { number };
      r =
        action === 'activate'
          ? await api.contractsActivate(input)
          : action === 'suspend'
            ? await api.contractsSuspend(input)
            : await api.contractsResume(input);
    }
    if (!r.ok) return r.error;
    get().applied(r.value);
    return null;
  },
}));
