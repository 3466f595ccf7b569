import { useEffect, useState } from 'react';
import { STATUS_LABELS } from '../../../shared/domain';
import type { EventView } from '../../../shared/handover';
import { api, call } from '../../api';
import { useAppStore } from '../../app/store';

const KIND_LABELS: Record<string, string> = {
  handover: '配付',
  undo: '取消',
  flag: '返送対象に',
  unflag: '返送対象を解除',
  hold: '保留に',
  release: '保留を解除',
  return_sent: '返送',
};

/** Everything that happened to one envelope, oldest first: the audit trail a clerk can show. */
export function EnvelopeHistory({ envelopeId }: { envelopeId: number }) {
  const [events, setEvents] = useState<EventView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = useAppStore((s) => s.status);
  useEffect(() => {
    void call(api().eventsOfEnvelope({ envelopeId }), (v) => (setEvents(v), setError(null)), setError);
  }, [envelopeId, status]);
  if (error) {
    return (
      <p className="message error" role="alert">
        履歴を読み込めません: {error}
      </p>
    );
  }
  if (!events) return null;
  if (events.length === 0) return <p className="muted">取込後、まだ操作はありません（未配付）。</p>;
  return (
    <ol className="envelope-history" aria-label="この封筒の履歴">
      {events.map((e) => (
        <li key={e.uid} className={e.undone ? 'undone' : ''}>
          <span className="history-time">{new Date(e.at).toLocaleString('ja-JP')}</span>
          <span>
            {KIND_LABELS[e.kind] ?? e.kind}: {STATUS_LABELS[e.fromStatus]} → {STATUS_LABELS[e.toStatus]}
            {e.reason && `（${e.reason}）`}
            {e.recipient?.kind === 'proxy' && `（代理: ${e.recipient.name}）`}
            {e.undone && '（取消済）'}
          </span>
          <span className="history-who">{e.operator}</span>
        </li>
      ))}
    </ol>
  );
}
