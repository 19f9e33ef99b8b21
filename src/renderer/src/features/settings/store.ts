import { create } from 'zustand';
import type { ApiError } from '@shared/api';
import { api } from '../../lib/api';

interface SettingsState {
  /** null until loaded; '' when the operator has not given a name yet. */
  operatorName: string | null;
  error: ApiError | null;
  load(): Promise<void>;
  saveOperator(name: string): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  operatorName: null,
  error: null,
  async load() {
    const r = await api.settingsGet();
    if (r.ok) set({ operatorName: r.value.operatorName ?? '', error: null });
    else set({ error: r.error });
  },
  async saveOperator(name) {
    const r = await api.settingsSet({ operatorName: name });
    if (r.ok) set({ operatorName: r.value.operatorName ?? '', error: null });
    else set({ error: r.error });
    return r.ok;
  },
}));
