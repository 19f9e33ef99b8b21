import { create } from 'zustand';
import type { ApiError, AppInfo } from '@shared/api';
import { api } from '../lib/api';
import { pageFromHash, type PageKey } from './pages';

interface AppState {
  info: AppInfo | null;
  infoError: ApiError | null;
  page: PageKey;
  loadInfo(): Promise<void>;
  go(page: PageKey): void;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  infoError: null,
  page: pageFromHash(location.hash),
  async loadInfo() {
    const r = await api.appInfo();
    if (r.ok) set({ info: r.value, infoError: null });
    else set({ infoError: r.error });
  },
  go(page) {
    // The hash keeps the page across reloads and gives the browser's back button something to do.
    if (location.hash !== `#/${page}`) location.hash = `#/${page}`;
    set({ page });
  },
}));

window.addEventListener('hashchange', () => useAppStore.setState({ page: pageFromHash(location.hash) }));
