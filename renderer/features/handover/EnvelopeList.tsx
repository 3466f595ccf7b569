import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { DIRECT_LABEL, ENVELOPE_STATUSES, STATUS_LABELS, type EnvelopeStatus } from '../../../shared/domain';
import type { EnvelopeFilter, EnvelopeRow, EnvelopeSort } from '../../../shared/handover';
import { api, call } from '../../api';
import { useHandoverStore } from './store';
import type { ApiResult } from '../../../shared/api';
import { useAppStore } from '../../app/store';
import { EnvelopeHistory } from './EnvelopeHistory';

const PAGE = 200;
const ROW_HEIGHT = 36;

type Options = ApiResult<'listFilterOptions'>;
/** A page of rows and the generation (filter, sort and status) it was read for. */
type LoadedPage = { generation: number; rows: EnvelopeRow[] };

/**
 * Every envelope, filterable and sortable, smooth at 100,000 rows: only the visible rows are in the DOM
 * and pages of 200 are fetched as they scroll into view.
 */
export function EnvelopeList() {
  const [filter, setFilter] = useState<EnvelopeFilter>({});
  const [sort, setSort] = useState<EnvelopeSort>('number');
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, LoadedPage>>(new Map());
  const [options, setOptions] = useState<Options | null>(null);
  const [opened, setOpened] = useState<EnvelopeRow | null>(null);
  // Which answer the rows must come from: bumped by every filter, sort or status change.
  const [generation, setGeneration] = useState(0);
  const current = useRef(generation);
  useEffect(() => {
    current.current = generation;
  }, [generation]);
  const loading = useRef(new Set<string>());
  const envelopeTotal = useAppStore((s) => s.status?.envelopes.total);
  const parent = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (page: number, gen: number) => {
      const key = `${gen}:${page}`;
      if (loading.current.has(key)) return;
      loading.current.add(key);
      const r = await api().listEnvelopes({ filter, sort, offset: page * PAGE, limit: PAGE });
      loading.current.delete(key);
      if (!r.ok) return useHandoverStore.setState({ message: r.error });
      if (gen !== current.current) return;
      // Interruptible: the next scan's result card renders ahead of the list catching up.
      startTransition(() => {
        setTotal(r.value.total);
        setPages((p) => new Map(p).set(page, { generation: gen, rows: r.value.rows }));
      });
    },
    [filter, sort],
  );

  // Other filters or sort: the rows on screen answer another question, so they go at once.
  const askedFor = useRef(loadPage);
  useEffect(() => {
    if (askedFor.current === loadPage) return;
    askedFor.current = loadPage;
    setPages(new Map());
    setGeneration((g) => g + 1);
  }, [loadPage]);

  // A status change (every scan) only marks the rows stale: they stay until the fresh ones replace them,
  // and neither this list nor its reload is part of the commit that paints the scan's result card.
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if (s.status !== prev.status) startTransition(() => setGeneration((g) => g + 1));
      }),
    [],
  );

  useEffect(() => {
    void call(api().listFilterOptions(), setOptions, (message) => useHandoverStore.setState({ message }));
  }, [envelopeTotal]);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    // Page 0 always: its answer says how many rows there are.
    const needed = new Set([0, ...items.map((i) => Math.floor(i.index / PAGE))]);
    for (const page of needed) if (pages.get(page)?.generation !== generation) void loadPage(page, generation);
  }, [items, pages, loadPage, generation]);

  const set = (patch: Partial<EnvelopeFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="panel wide envelope-list" aria-label="封筒の一覧">
      <div className="list-toolbar">
        <h3>封筒の一覧 <span className="count">{total.toLocaleString()}通</span></h3>
        <select aria-label="状態で絞り込み" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as EnvelopeStatus | undefined })}>
          <option value="">すべての状態</option>
          {ENVELOPE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <select aria-label="所属で絞り込み" value={filter.deptCode ?? '\u0000'} onChange={(e) => set({ deptCode: e.target.value === '\u0000' ? undefined : e.target.value })}>
          <option value={'\u0000'}>すべての所属</option>
          {options?.depts.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code || '（なし）'} {d.name}
            </option>
          ))}
        </select>
        <select aria-label="リストで絞り込み" value={filter.shipmentId ?? ''} onChange={(e) => set({ shipmentId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">すべてのリスト</option>
          {options?.shipments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.insurerName}: {s.fileName}
            </option>
          ))}
        </select>
        <select aria-label="保険者で絞り込み" value={filter.insurerId ?? ''} onChange={(e) => set({ insurerId: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">すべての保険者</option>
          {options?.insurers.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
        <select aria-label="並べ替え" value={sort} onChange={(e) => setSort(e.target.value as EnvelopeSort)}>
          <option value="number">記号番号順</option>
          <option value="name">氏名順</option>
          <option value="dept">所属順</option>
          <option value="status">状態順</option>
        </select>
      </div>
      <div className="list-head" role="row">
        <span>記号-番号-枝番</span>
        <span>被保険者</span>
        <span>対象者</span>
        <span>所属</span>
        <span>状態</span>
      </div>
      <div ref={parent} className="list-scroll" role="table" aria-rowcount={total}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = pages.get(Math.floor(item.index / PAGE))?.rows[item.index % PAGE];
            return (
              <div
                key={item.key}
                role="row"
                tabIndex={row ? 0 : -1}
                onClick={() => row && setOpened(row)}
                onKeyDown={(e) => row && e.key === 'Enter' && setOpened(row)}
                aria-selected={opened?.id === row?.id}
                className={`list-row ${row ? `status-${row.status}` : 'loading'} ${opened && opened.id === row?.id ? 'opened' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row && (
                  <>
                    <span className="mono">
                      {row.symbol}-{row.number}
                      {row.branch && `-${row.branch}`}
                    </span>
                    <span>{row.holderName}</span>
                    <span className="ellipsis">
                      {row.names}
                      {row.memberCount > 1 && <span className="muted">（{row.memberCount}人）</span>}
                      {row.documentKind && <span className="muted">［{row.documentKind}］</span>}
                    </span>
                    <span className="ellipsis">
                      {row.deptCode} {row.deptName}
                    </span>
                    {row.delivery === 'direct' ? (
                      <span className="badge status-direct">{DIRECT_LABEL}</span>
                    ) : (
                      <span className={`badge status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
                    )}
                  </>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {opened && (
        <div className="opened-envelope" aria-label="選んだ封筒">
          <h4>
            {opened.symbol}-{opened.number}
            {opened.branch && `-${opened.branch}`} {opened.names}
            <button type="button" className="small" onClick={() => setOpened(null)}>
              閉じる
            </button>
          </h4>
          <EnvelopeHistory envelopeId={opened.id} />
        </div>
      )}
    </div>
  );
}
