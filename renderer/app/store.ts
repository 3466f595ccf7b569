import { create } from 'zustand';
import type { AppSettings, StatusCounts } from '../../shared/domain';
import { api, unwrap } from '../api';

export const PAGES = ['import', 'handover', 'returns', 'report', 'settings'] as const;
export type Page = (typeof PAGES)[number];

export const PAGE_LABELS: Record<Page, string> = {
  import: '取込',
  handover: '配付',
  returns: '返送',
  report: '進捗・報告',
  settings: '設定',
};

interface AppState {
  settings: AppSettings | null;
  status: StatusCounts | null;
  page: Page;
  loadError: string | null;
  /** The database failed its check at start: the app shows only the recovery screen. */
  recovery: { problem: string; dataDir: string } | null;
  /** keepPage: reloading after the database was replaced, the clerk stays on the screen they were on. */
  load: (options?: { keepPage?: boolean }) => Promise<void>;
  refreshStatus: () => Promise<void>;
  setSettings: (s: AppSettings) => void;
  go: (page: Page) => void;
}

export const useAppStore = create<AppState>((set) => ({
  settings: null,
  status: null,
  page: 'handover',
  loadError: null,
  recovery: null,
  load: async (options = {}) => {
    try {
      const storage = await unwrap(api().storageState());
      if (storage.problem) return set({ recovery: { problem: storage.problem, dataDir: storage.dataDir }, loadError: null });
      const [settings, status] = await Promise.all([unwrap(api().getSettings()), unwrap(api().getStatus())]);
      set({ settings, status, loadError: null, recovery: null });
      // A clerk with nothing imported yet starts where the work starts.
      if (!options.keepPage) set({ page: status.envelopes.total === 0 ? 'import' : 'handover' });
    } catch (e) {
      set({ loadError: (e as Error).message });
    }
  },
  refreshStatus: async () => {
    const r = await api().getStatus();
    // Refused only while the database needs recovery, and the recovery screen says so already.
    if (r.ok) set({ status: r.value });
  },
  setSettings: (settings) => set({ settings }),
  go: (page) => set({ page }),
}));

export const isConfigured = (s: AppSettings | null): boolean => !!s?.companyName && !!s.operatorName;
