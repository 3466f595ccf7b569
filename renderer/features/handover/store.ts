import { create } from 'zustand';
import type { ActionView, DeptProgress, Recipient, ScanResult, ScanVia, SearchHit } from '../../../shared/handover';
import { api, latestSearch } from '../../api';
import { useAppStore } from '../../app/store';
import { playOutcome } from '../../ui/sound';

/** Desk preferences survive restarts; they are about this PC, not the data. */
const pref = (key: string, fallback: boolean): boolean => {
  const v = localStorage.getItem(`kubaru.${key}`);
  return v === null ? fallback : v === '1';
};
const savePref = (key: string, value: boolean) => localStorage.setItem(`kubaru.${key}`, value ? '1' : '0');

export interface ShownResult extends ScanResult {
  /** Increments per result, so the card re-animates even when the same code is scanned twice. */
  serial: number;
  error?: string;
}

interface HandoverState {
  result: ShownResult | null;
  query: string;
  hits: SearchHit[];
  selected: number;
  proxy: { on: boolean; name: string };
  soundOn: boolean;
  privacy: boolean;
  actions: ActionView[];
  progress: DeptProgress[];
  message: string | null;
  scanCode: (code: string, via?: ScanVia) => Promise<void>;
  setQuery: (q: string) => Promise<void>;
  select: (i: number) => void;
  handOver: (envelopeIds: number[]) => Promise<void>;
  handOverHousehold: (hit: SearchHit) => Promise<void>;
  undo: (actionUid?: string) => Promise<void>;
  setProxy: (p: Partial<{ on: boolean; name: string }>) => void;
  toggleSound: () => void;
  togglePrivacy: () => void;
  refresh: () => Promise<void>;
}

let serial = 0;
const searchHits = latestSearch();

export const useHandoverStore = create<HandoverState>((set, get) => {
  const recipient = (): Recipient | undefined => {
    const p = get().proxy;
    return p.on ? { kind: 'proxy', name: p.name } : undefined;
  };

  const show = async (r: Awaited<ReturnType<ReturnType<typeof api>['scan']>>) => {
    if (!r.ok) {
      // A refused hand-over (e.g. proxy without a name) is shown like a grey result: never silent.
      set({ result: { ...emptyResult(), serial: ++serial, message: r.error, error: r.error } });
      if (get().soundOn) playOutcome('unknown');
      return;
    }
    set({ result: { ...r.value, serial: ++serial } });
    if (get().soundOn) playOutcome(r.value.result);
    // Only when there is something to clear: a fresh object each time re-rendered the search panel with every card.
    if (r.value.actionUid && (get().proxy.on || get().proxy.name)) set({ proxy: { on: false, name: '' } });
    // The result card is what the clerk and the employee look at: it paints first, the panels after.
    await afterPaint();
    await get().refresh();
    // Keep the search hits in step with what just changed.
    if (get().query) await get().setQuery(get().query);
  };

  return {
    result: null,
    query: '',
    hits: [],
    selected: 0,
    proxy: { on: false, name: '' },
    soundOn: pref('sound', true),
    privacy: pref('privacy', false),
    actions: [],
    progress: [],
    message: null,

    scanCode: async (code, via) => show(await api().scan({ code, recipient: recipient(), ...(via ? { via } : {}) })),

    setQuery: async (query) => {
      set({ query });
      const r = await searchHits(query);
      if (!r) return; // a newer keystroke already asked
      if (!r.ok) return set({ message: r.error });
      set((s) => ({ hits: r.value, selected: Math.min(s.selected, Math.max(0, r.value.length - 1)) }));
    },

    select: (i) => set((s) => ({ selected: Math.max(0, Math.min(i, s.hits.length - 1)) })),

    handOver: async (envelopeIds) => show(await api().handOverEnvelopes({ envelopeIds, recipient: recipient() })),

    // By ids, not by the code: two insurers may share 記号・番号, and the code alone cannot tell them apart.
    handOverHousehold: async (hit) => show(await api().handOverEnvelopes({ envelopeIds: hit.householdEnvelopeIds, recipient: recipient() })),

    undo: async (actionUid) => {
      const r = await api().undoAction(actionUid ? { actionUid } : {});
      if (!r.ok) {
        set({ message: r.error });
        return;
      }
      set({ message: `取り消しました（${r.value.undone}通）。`, result: null });
      await get().refresh();
      if (get().query) await get().setQuery(get().query);
    },

    setProxy: (p) => set((s) => ({ proxy: { ...s.proxy, ...p } })),
    toggleSound: () => {
      savePref('sound', !get().soundOn);
      set((s) => ({ soundOn: !s.soundOn }));
    },
    togglePrivacy: () => {
      savePref('privacy', !get().privacy);
      set((s) => ({ privacy: !s.privacy }));
    },

    // One round trip for the history, the progress per 所属 and the status bar (bench/desk.ts measures it).
    refresh: async () => {
      const r = await api().handoverPanels();
      // A failure is said, never shown as empty panels without a word.
      if (!r.ok) return set({ actions: [], progress: [], message: r.error });
      set({ actions: r.value.actions, progress: r.value.progress });
      useAppStore.setState({ status: r.value.status });
    },
  };
});

/**
 * Resolves once the browser has painted what was just set (a frame, then the task after it). A hidden
 * window gets no frames, so there it resolves at once; the 1 s fallback is for a window that is shown
 * but not drawing, and is long enough that a busy machine's late frame still comes first.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      setTimeout(resolve, 0);
    };
    if (document.visibilityState === 'hidden') return go();
    requestAnimationFrame(go);
    setTimeout(go, 1000);
  });
}

function emptyResult(): ScanResult {
  return { result: 'unknown', code: '', actionUid: null, envelope: null, envelopes: [], handedOverIds: [], summary: '', message: '', ambiguous: false };
}
