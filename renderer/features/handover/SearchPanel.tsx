import { useRef, type KeyboardEvent } from 'react';
import { DIRECT_LABEL, relationLabel, STATUS_LABELS } from '../../../shared/domain';
import { useHandoverStore } from './store';

/** Search as you type; ↑↓ to choose, Enter to hand over (a single hit needs no choosing). */
export function SearchPanel() {
  const query = useHandoverStore((s) => s.query);
  const hits = useHandoverStore((s) => s.hits);
  const selected = useHandoverStore((s) => s.selected);
  const setQuery = useHandoverStore((s) => s.setQuery);
  const select = useHandoverStore((s) => s.select);
  const handOver = useHandoverStore((s) => s.handOver);
  const handOverHousehold = useHandoverStore((s) => s.handOverHousehold);
  const proxy = useHandoverStore((s) => s.proxy);
  const setProxy = useHandoverStore((s) => s.setProxy);
  const input = useRef<HTMLInputElement>(null);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      select(selected + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      select(selected - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = hits[selected];
      if (!hit) return;
      if (e.shiftKey) void handOverHousehold(hit);
      else if (hit.envelope.status === 'pending' || hits.length === 1) void handOver([hit.envelope.id]);
    } else if (e.key === 'Escape') {
      void setQuery('');
    }
  };

  return (
    <div className="panel search-panel">
      <label className="field">
        <span className="field-label">検索（氏名・カナ・記号番号・所属）</span>
        <input
          ref={input}
          id="handover-search"
          type="search"
          value={query}
          placeholder="例: たなか、田中、0000002"
          autoComplete="off"
          onChange={(e) => void setQuery(e.target.value)}
          onKeyDown={onKey}
          aria-describedby="search-keys"
        />
      </label>
      <p id="search-keys" className="field-hint">
        ↑↓で選択、Enterで配付、Shift+Enterで世帯全員分、Escで消去、F2でここへ
      </p>
      <div className="proxy-row">
        <label className="radio">
          <input type="checkbox" checked={proxy.on} onChange={(e) => setProxy({ on: e.target.checked })} />
          代理で渡す
        </label>
        {proxy.on && (
          <input
            aria-label="受け取る人"
            placeholder="受け取る人（例: 妻 田中 花子、課長 佐藤）"
            value={proxy.name}
            onChange={(e) => setProxy({ name: e.target.value })}
          />
        )}
      </div>
      {hits.length > 0 && (
        <ul className="hits" role="listbox" aria-label="検索結果">
          {hits.map((h, i) => {
            const e = h.envelope;
            return (
              <li
                key={e.id}
                role="option"
                aria-selected={i === selected}
                className={`hit ${i === selected ? 'selected' : ''} status-${e.status}`}
                onMouseEnter={() => select(i)}
              >
                <div className="hit-main">
                  <span className="hit-names">{e.members.map((m) => `${m.name}（${relationLabel(m)}）`).join('・')}</span>
                  <span className="hit-code">
                    {e.symbol}-{e.number}
                    {e.branch && `-${e.branch}`} {e.deptCode} {e.deptName}
                  </span>
                </div>
                <span className={`badge status-${e.delivery === 'direct' ? 'direct' : e.status}`}>
                  {e.delivery === 'direct' ? DIRECT_LABEL : STATUS_LABELS[e.status]}
                </span>
                <button type="button" disabled={e.status !== 'pending' || e.delivery === 'direct'} onClick={() => void handOver([e.id])}>
                  配付
                </button>
                <button type="button" onClick={() => void handOverHousehold(h)} title="同じ記号・番号の封筒をすべて配付">
                  世帯で配付
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {query.trim() !== '' && hits.length === 0 && <p className="muted">該当する封筒がありません。</p>}
    </div>
  );
}
