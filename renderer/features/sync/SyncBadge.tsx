import { useEffect, useState } from 'react';
import { useSyncStore } from './store';
import { ConflictList } from './ConflictList';

const REFRESH_MS = 2_000;

const hhmm = (iso: string) => {
  const d = new Date(iso);
  return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** The header's 同期済み (time) / 未送信 N件 / 接続できません (since …), 今すぐ同期, and 二重配付の可能性. */
export function SyncBadge() {
  const view = useSyncStore((s) => s.view);
  const refresh = useSyncStore((s) => s.refresh);
  const syncNow = useSyncStore((s) => s.syncNow);
  const [busy, setBusy] = useState(false);
  const [showConflicts, setShowConflicts] = useState(false);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);

  if (!view?.configured) return null;
  let state: string;
  let tone: string;
  if (view.offlineSince) {
    state = `接続できません（${hhmm(view.offlineSince)} から）`;
    tone = 'offline';
  } else if (view.pending > 0) {
    state = `未送信 ${view.pending}件`;
    tone = 'pending';
  } else {
    state = view.lastSyncAt ? `同期済み（${hhmm(view.lastSyncAt)}）` : '未同期';
    tone = 'synced';
  }
  return (
    <div className="sync-badge" aria-label="同期の状態">
      <span className={`sync-state ${tone}`} role="status" title={view.error ?? undefined}>
        {state}
        {view.offlineSince && view.pending > 0 && ` ・未送信 ${view.pending}件`}
      </span>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await syncNow();
          setBusy(false);
        }}
      >
        今すぐ同期
      </button>
      {view.conflicts > 0 && (
        <button type="button" className="sync-conflicts" onClick={() => setShowConflicts((v) => !v)}>
          二重配付の可能性 {view.conflicts}件
        </button>
      )}
      {showConflicts && <ConflictList onClose={() => setShowConflicts(false)} />}
    </div>
  );
}
