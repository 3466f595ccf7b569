import { useEffect, useState } from 'react';
import type { ProgressOverview } from '../../../shared/progress';
import { api, call } from '../../api';
import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';
import { usePrintStore } from '../print/store';
import { ProgressChart } from './ProgressChart';
import { DirectList } from './DirectList';
import { ReportExport } from './ReportExport';
import { FinishPanel } from '../finish/FinishPanel';
import { FinishedCampaigns } from '../finish/FinishedCampaigns';

type Grouping = 'byDept' | 'byShipment' | 'byInsurer';
const GROUPINGS: Record<Grouping, string> = { byDept: '所属', byShipment: 'リスト', byInsurer: '保険者' };

/** 進捗・報告: progress at a glance, the follow-up list, the report for the insurer. */
export function ReportPage() {
  const status = useAppStore((s) => s.status);
  const total = status?.envelopes.total ?? 0;
  const [overview, setOverview] = useState<ProgressOverview | null>(null);
  const [grouping, setGrouping] = useState<Grouping>('byDept');
  const [days, setDays] = useState('14');
  const [error, setError] = useState<string | null>(null);
  const openPrint = usePrintStore((s) => s.open);

  useEffect(() => {
    if (total > 0) void call(api().progressOverview(), (v) => (setOverview(v), setError(null)), setError);
  }, [total, status]);

  if (total === 0 || !status) {
    return (
      <section className="page">
        <h2>進捗・報告</h2>
        <NeedsList />
        <FinishedCampaigns />
      </section>
    );
  }
  const e = status.envelopes;
  const done = e.handed_over + e.returned;
  // 直送 envelopes are not in the box: the share done is of the envelopes the clerk has.
  const inBox = e.total - e.direct;

  const printFollowUp = async () => {
    const r = await api().followUpSheet({ days: Number(days) });
    if (!r.ok) return setError(r.error);
    setError(null);
    openPrint({ kind: 'followUp', sheet: r.value, fileName: `フォローアップ_${days}日` });
  };

  return (
    <section className="page report" aria-label="進捗・報告">
      <h2>進捗・報告</h2>
      <div className="kpis" aria-label="全体の進捗">
        <div className="kpi main">
          <span className="kpi-value">{inBox > 0 ? Math.round((done / inBox) * 100) : 100}%</span>
          <span className="kpi-label">完了（配付済＋返送済）</span>
        </div>
        <div className="kpi">
          <span className="kpi-value">{e.total}</span>
          <span className="kpi-label">全体</span>
        </div>
        <div className="kpi ok">
          <span className="kpi-value">{e.handed_over}</span>
          <span className="kpi-label">配付済</span>
        </div>
        <div className="kpi">
          <span className="kpi-value">{e.returned}</span>
          <span className="kpi-label">返送済</span>
        </div>
        <div className="kpi bad">
          <span className="kpi-value">{e.to_return}</span>
          <span className="kpi-label">返送対象（未発送）</span>
        </div>
        <div className="kpi warn">
          <span className="kpi-value">{e.on_hold}</span>
          <span className="kpi-label">保留</span>
        </div>
        <div className="kpi">
          <span className="kpi-value">{e.pending}</span>
          <span className="kpi-label">未配付</span>
        </div>
        {e.direct > 0 && (
          <div className="kpi" aria-label="直送">
            <span className="kpi-value">{e.direct}</span>
            <span className="kpi-label">直送（箱に無し）</span>
          </div>
        )}
      </div>

      {overview && (
        <div className="report-grid">
          <div className="panel wide">
            <h3>
              {GROUPINGS[grouping]}ごとの進捗
              <span className="segmented" role="group" aria-label="まとめ方">
                {(Object.keys(GROUPINGS) as Grouping[]).map((g) => (
                  <button key={g} type="button" className={g === grouping ? 'small active' : 'small'} aria-pressed={g === grouping} onClick={() => setGrouping(g)}>
                    {GROUPINGS[g]}
                  </button>
                ))}
              </span>
            </h3>
            <ProgressChart groups={overview[grouping]} label={`${GROUPINGS[grouping]}ごとの進捗`} />
          </div>
          <div className="panel wide" aria-label="未配付の経過日数">
            <h3>未配付・保留の経過日数（箱の受領から）</h3>
            <div className="ages">
              {overview.openAges.map((a) => (
                <div key={a.label} className="age">
                  <span className="age-count">{a.count}</span>
                  <span className="age-label">{a.label}</span>
                </div>
              ))}
            </div>
            {overview.oldestOpenDays !== null && <p className="muted">いちばん古いものは {overview.oldestOpenDays}日 たっています。</p>}
            <div className="action-row">
              <label className="radio">
                受領から
                <input type="number" min={0} max={3650} value={days} onChange={(ev) => setDays(ev.target.value)} aria-label="経過日数" style={{ width: '5em' }} />
                日以上
              </label>
              <button type="button" onClick={() => void printFollowUp()}>
                フォローアップリストを印刷（所属ごと）
              </button>
            </div>
            {error && (
              <p className="message error" role="alert">
                {error}
              </p>
            )}
          </div>
          {overview.direct.length > 0 && <DirectList rows={overview.direct} />}
        </div>
      )}
      <ReportExport />
      <FinishPanel />
      <FinishedCampaigns />
    </section>
  );
}
