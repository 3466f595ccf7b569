import { create } from 'zustand';
import type { SearchHit } from '../../../shared/handover';
import type { ReturnBatch, ReturnRow } from '../../../shared/returns';
import type { Result } from '../../../shared/result';
import { api, latestSearch } from '../../api';
import { useAppStore } from '../../app/store';

type HoldRow = ReturnRow & { holdReason: string; since: string };

interface ReturnsState {
  query: string;
  hits: SearchHit[];
  picked: Set<number>;
  queue: ReturnRow[];
  queuePicked: Set<number>;
  batches: ReturnBatch[];
  holds: HoldRow[];
  message: { kind: 'success' | 'error'; text: string } | null;
  search: (q: string) => Promise<void>;
  togglePick: (id: number) => void;
  toggleQueuePick: (id: number) => void;
  load: () => Promise<void>;
  /** Runs a change, shows its outcome, reloads everything it may have touched. */
  run: <T>(call: Promise<Result<T>>, success: (v: T) => string) => Promise<boolean>;
}

const searchHits = latestSearch();

export const useReturnsStore = create<ReturnsState>((set, get) => ({
  query: '',
  hits: [],
  picked: new Set(),
  queue: [],
  queuePicked: new Set(),
  batches: [],
  holds: [],
  message: null,

  search: async (query) => {
    set({ query });
    const r = await searchHits(query);
    if (!r) return; // a newer keystroke already asked
    set(r.ok ? { hits: r.value } : { message: { kind: 'error', text: r.error } });
  },

  togglePick: (id) =>
    set((s) => {
      const picked = new Set(s.picked);
      if (!picked.delete(id)) picked.add(id);
      return { picked };
    }),

  toggleQueuePick: (id) =>
    set((s) => {
      const queuePicked = new Set(s.queuePicked);
      if (!queuePicked.delete(id)) queuePicked.add(id);
      return { queuePicked };
    }),

  load: async () => {
    const [queue, batches, holds] = await Promise.all([api().returnQueue(), api().listBatches(), api().holdList()]);
    const failed = [queue, batches, holds].find((r) => !r.ok);
    set({
      queue: queue.ok ? queue.value : [],
      batches: batches.ok ? batches.value : [],
      holds: holds.ok ? holds.value : [],
      ...(failed && !failed.ok ? { message: { kind: 'error' as const, text: failed.error } } : {}),
    });
  },

  run: async (call, success) => {
    const r = await call;
    if (!r.ok) {
      set({ message: { kind: 'error', text: r.error } });
      return false;
    }
    set({ message: { kind: 'success', text: success(r.value) }, picked: new Set(), queuePicked: new Set() });
    await Promise.all([get().load(), useAppStore.getState().refreshStatus()]);
    if (get().query) await get().search(get().query);
    return true;
  },
}));
