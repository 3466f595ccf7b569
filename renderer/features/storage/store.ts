import { create } from 'zustand';
import type { BackupInfo, RestoreResult } from '../../../shared/storage';
import { api } from '../../api';

/** Where the message shows: beside the backups, or beside moving data to another PC. */
export type MessageArea = 'backups' | 'transfer';
type Message = { kind: 'success' | 'error'; text: string; area: MessageArea } | null;

interface StorageStore {
  backups: BackupInfo[] | null;
  busy: boolean;
  message: Message;
  loadBackups: () => Promise<void>;
  backupNow: () => Promise<void>;
  /** Replaces the database; the caller reloads the app's state when it returns true. */
  restore: (name: string) => Promise<boolean>;
  exportDatabase: () => Promise<void>;
  /** Main asks which file in its own dialog; false when cancelled or refused. */
  importDatabase: () => Promise<boolean>;
  startFresh: () => Promise<boolean>;
}

const restoredText = (r: RestoreResult, what: string) =>
  `${what}（封筒${r.envelopes}通）。` + (r.safetyBackup ? `それまでのデータはバックアップ「${r.safetyBackup}」に残してあります。` : '');

export const useStorageStore = create<StorageStore>((set, get) => ({
  backups: null,
  busy: false,
  message: null,
  loadBackups: async () => {
    const r = await api().listBackups();
    set(r.ok ? { backups: r.value } : { message: { kind: 'error', text: r.error, area: 'backups' } });
  },
  backupNow: async () => {
    set({ busy: true });
    const r = await api().backupNow();
    set({ busy: false, message: r.ok ? { kind: 'success', text: `バックアップを作りました: ${r.value.name}`, area: 'backups' } : { kind: 'error', text: r.error, area: 'backups' } });
    await get().loadBackups();
  },
  restore: async (name) => {
    set({ busy: true });
    const r = await api().restoreBackup({ name });
    set({ busy: false, message: r.ok ? { kind: 'success', text: restoredText(r.value, '復元しました'), area: 'backups' } : { kind: 'error', text: r.error, area: 'backups' } });
    await get().loadBackups();
    return r.ok;
  },
  exportDatabase: async () => {
    set({ busy: true });
    const r = await api().exportDatabase();
    set({ busy: false });
    if (!r.ok) return set({ message: { kind: 'error', text: r.error, area: 'transfer' } });
    if (r.value.path) set({ message: { kind: 'success', text: `書き出しました: ${r.value.path}`, area: 'transfer' } });
  },
  importDatabase: async () => {
    set({ busy: true });
    const r = await api().importDatabase();
    set({ busy: false });
    if (!r.ok) set({ message: { kind: 'error', text: r.error, area: 'transfer' } });
    else if (r.value) set({ message: { kind: 'success', text: restoredText(r.value, `「${r.value.fileName}」を読み込みました`), area: 'transfer' } });
    await get().loadBackups();
    return r.ok && r.value !== null;
  },
  startFresh: async () => {
    set({ busy: true });
    const r = await api().startFresh();
    set({ busy: false, message: r.ok ? null : { kind: 'error', text: r.error, area: 'backups' } });
    return r.ok;
  },
}));
