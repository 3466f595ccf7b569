import { useEffect, useState } from 'react';
import { STATUS_LABELS, type EnvelopeStatus } from '../../../shared/domain';
import type { FinishedCampaign } from '../../../shared/storage';
import { api, call } from '../../api';
import { useAppStore } from '../../app/store';

/** What remains of finished campaigns: counts only. */
export function FinishedCampaigns() {
  const status = useAppStore((s) => s.status);
  const [campaigns, setCampaigns] = useState<FinishedCampaign[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call(api().listFinishedCampaigns(), (v) => (setCampaigns(v), setError(null)), setError);
  }, [status]);
  if (error) {
    return (
      <p className="message error" role="alert">
        完了した配付業務を読み込めません: {error}
      </p>
    );
  }
  if (campaigns.length === 0) return null;
  return (
    <div className="panel wide" aria-label="完了した配付業務">
      <h3>完了した配付業務</h3>
      <ul>
        {campaigns.map((c) => (
          <li key={c.id}>
            {new Date(c.finishedAt).toLocaleDateString('ja-JP')} 完了（{c.finishedBy}）: 封筒 {c.summary.envelopes}通・対象者 {c.summary.members}人 —{' '}
            {Object.entries(c.summary.byStatus)
              .map(([s, n]) => `${STATUS_LABELS[s as EnvelopeStatus] ?? s} ${n}`)
              .join('・')}
            。報告書: {c.reportFile}
          </li>
        ))}
      </ul>
    </div>
  );
}
