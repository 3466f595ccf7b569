import { useEffect } from 'react';
import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';
import { CameraPanel } from '../../ui/camera/CameraPanel';
import { DeptPanel } from './DeptPanel';
import { EnvelopeList } from './EnvelopeList';
import { HistoryPanel } from './HistoryPanel';
import { ResultCard } from './ResultCard';
import { SearchPanel } from './SearchPanel';
import { useHandoverStore } from './store';
import { useScanner } from '../../ui/useScanner';
import { prepareSound } from '../../ui/sound';

const isTyping = (el: Element | null) =>
  el instanceof HTMLInputElement && el.type !== 'checkbox' && el.type !== 'radio' && el.value !== '';

/** The screen a clerk lives in during hand-over: scan anywhere, or search and tick. */
export function HandoverPage() {
  const total = useAppStore((s) => s.status?.envelopes.total ?? 0);
  const scanCode = useHandoverStore((s) => s.scanCode);
  const undo = useHandoverStore((s) => s.undo);
  const refresh = useHandoverStore((s) => s.refresh);
  const soundOn = useHandoverStore((s) => s.soundOn);
  const privacy = useHandoverStore((s) => s.privacy);
  const toggleSound = useHandoverStore((s) => s.toggleSound);
  const togglePrivacy = useHandoverStore((s) => s.togglePrivacy);

  useScanner((code) => void scanCode(code), { enabled: total > 0 });

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (soundOn) prepareSound();
  }, [soundOn]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' || (e.ctrlKey && e.key.toLowerCase() === 'f')) {
        e.preventDefault();
        document.getElementById('handover-search')?.focus();
      } else if (e.ctrlKey && !e.shiftKey && e.key.toLowerCase() === 'z' && !isTyping(document.activeElement)) {
        // In a field with text, Ctrl+Z undoes the typing; elsewhere it undoes the last hand-over.
        e.preventDefault();
        void undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  if (total === 0) {
    return (
      <section className="page">
        <h2>配付</h2>
        <NeedsList />
      </section>
    );
  }

  return (
    <section className="page handover" aria-label="配付">
      <div className="page-head">
        <h2>配付</h2>
        <div className="toggles">
          <label className="radio">
            <input type="checkbox" checked={soundOn} onChange={toggleSound} />
            音を鳴らす
          </label>
          <label className="radio" title="従業員から画面が見える窓口向け">
            <input type="checkbox" checked={privacy} onChange={togglePrivacy} />
            検索するまで一覧を隠す
          </label>
        </div>
      </div>
      <div className="handover-grid">
        <div className="handover-main">
          <CameraPanel onAct={(read) => scanCode(read.text, read.via)} onConfirm={(code) => scanCode(code)} />
          <ResultCard />
          <SearchPanel />
        </div>
        <div className="handover-side">
          <DeptPanel />
          <HistoryPanel />
        </div>
      </div>
      {!privacy && <EnvelopeList />}
    </section>
  );
}
