import { useEffect, type ComponentType } from 'react';
import { PAGES, PAGE_LABELS, useAppStore, type Page } from './store';
import { ImportPage } from '../features/import/ImportPage';
import { HandoverPage } from '../features/handover/HandoverPage';
import { ReturnsPage } from '../features/returns/ReturnsPage';
import { ReportPage } from '../features/report/ReportPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SyncBadge } from '../features/sync/SyncBadge';
import { RemoteFinishBanner } from '../features/sync/RemoteFinishBanner';

const PAGE_COMPONENTS: Record<Page, ComponentType> = {
  import: ImportPage,
  handover: HandoverPage,
  returns: ReturnsPage,
  report: ReportPage,
  settings: SettingsPage,
};

/** Header, navigation (also Ctrl+1…5 for keyboard-only work) and the current page. */
export function Shell() {
  const page = useAppStore((s) => s.page);
  const go = useAppStore((s) => s.go);
  const settings = useAppStore((s) => s.settings);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey || e.altKey || e.metaKey) return;
      const target = PAGES[Number(e.key) - 1];
      if (target) {
        e.preventDefault();
        go(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const Current = PAGE_COMPONENTS[page];
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          Kubaru <span className="brand-ja">配る</span>
        </div>
        <nav className="tabs" aria-label="画面">
          {PAGES.map((p, i) => (
            <button
              key={p}
              type="button"
              className={p === page ? 'tab active' : 'tab'}
              aria-current={p === page ? 'page' : undefined}
              title={`Ctrl+${i + 1}`}
              onClick={() => go(p)}
            >
              {PAGE_LABELS[p]}
            </button>
          ))}
        </nav>
        <div className="who" aria-label="事業所と担当者">
          <span className="company">{settings?.companyName}</span>
          <span className="operator">担当: {settings?.operatorName}</span>
        </div>
        <SyncBadge />
      </header>
      <RemoteFinishBanner />
      <CounterBar />
      <main className="content">
        <Current />
      </main>
    </div>
  );
}

/**
 * The totals under the header. Its own component, so that the status refresh after every scan re-renders
 * this line only, and not the shell with the whole current page under it.
 */
function CounterBar() {
  const status = useAppStore((s) => s.status);
  if (!status || status.envelopes.total === 0) return null;
  return (
    <div className="counter-bar" aria-label="配付状況">
      配付済 <strong>{status.envelopes.handed_over}</strong> / 全 <strong>{status.envelopes.total - status.envelopes.direct}</strong> 通
      {status.envelopes.direct > 0 && <span className="counter-direct">（ほかに直送 {status.envelopes.direct}通）</span>}
    </div>
  );
}
