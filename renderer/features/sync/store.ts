import { create } from 'zustand';
import type { SyncConflictView, SyncView } from '../../../shared/sync';
import { api } from '../../api';
import { useAppStore } from '../../app/store';

/** The header's view of 複数の窓口: refreshed every few seconds, and at once after 今すぐ同期. */
interface SyncState {
  view: SyncView | null;
  conflicts: SyncConflictView[];
  refresh: () => Promise<void>;
  syncNow: () => Promise<void>;
}

export const useSyncStore = create<SyncState>((set, get) => {
  const apply = async (view: SyncView) => {
    const before = get().view;
    set({ view });
    // Another desk's work changed the counts on this one: the counter bar follows.
    if (before?.lastSyncAt !== view.lastSyncAt) await useAppStore.getState().refreshStatus();
    if (before?.conflicts !== view.conflicts || get().conflicts.length !== view.conflicts) {
      const r = await api().listSyncConflicts();
      if (r.ok) set({ conflicts: r.value });
    }
  };
  return {
    view: null,
    conflicts: [],
    refresh: async () => {
      const r = await api().getSyncState();
      if (r.ok) await apply(r.value);
    },
    syncNow: async () => {
      const r = await api().syncNow();
      if (r.ok) await apply(r.value);
    },
  };
});
