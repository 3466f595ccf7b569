import { useState } from 'react';
import { DIRECT_LABEL, STATUS_LABELS } from '../../../shared/domain';
import { VIA_LABELS, type EnvelopeView } from '../../../shared/handover';
import { relationLabel } from '../../../shared/domain';
import { useHandoverStore } from './store';
import { EnvelopeHistory } from './EnvelopeHistory';

const TITLES = {
  handed_over: 'お渡しください',
  already_handed_over: '配付済み',
  blocked: '渡さないでください',
  direct: '直送（箱にありません）',
  unknown: '該当なし',
} as const;

/** The big coloured answer to a scan, readable from a step away. Stays until the next scan replaces it. */
export function ResultCard() {
  const result = useHandoverStore((s) => s.result);
  const undo = useHandoverStore((s) => s.undo);
  if (!result) {
    return (
      <div className="result idle" aria-live="polite" data-testid="scan-result">
        <p className="result-title">スキャン待ち</p>
        <p className="result-hint">封筒または社員のバーコードを読み取ってください。どの画面・どの欄にいても読み取れます。</p>
      </div>
    );
  }
  const names = result.envelopes.length > 0 ? holderLine(result.envelopes) : result.code;
  return (
    <div key={result.serial} className={`result ${result.result} flash`} role="status" aria-live="assertive" data-testid="scan-result" data-result={result.result}>
      <p className="result-title">{TITLES[result.result]}</p>
      {result.via && result.via !== 'scanner' && <p className="result-via">{VIA_LABELS[result.via]}で読み取り</p>}
      {names && <p className="result-names">{names}</p>}
      {result.summary && <p className="result-summary">{result.summary}</p>}
      {documents(result.envelopes) && <p className="result-document">交付書類: {documents(result.envelopes)}</p>}
      {result.message && result.message !== 'お渡しください。' && <p className="result-message">{result.message}</p>}
      {result.envelopes.length > 1 && (
        <ul className="result-envelopes">
          {result.envelopes.map((e) => (
            <li key={e.id} className={`status-${e.status}`}>
              {e.members.map((m) => `${relationLabel(m)} ${m.name}`).join('・')} — {e.delivery === 'direct' ? DIRECT_LABEL : STATUS_LABELS[e.status]}
              {e.lastEvent?.reason ? `（${e.lastEvent.reason}）` : ''}
            </li>
          ))}
        </ul>
      )}
      {result.actionUid && (
        <button type="button" className="undo-inline" onClick={() => void undo(result.actionUid!)}>
          取り消す（Ctrl+Z）
        </button>
      )}
      {result.envelope && <ResultHistory envelopeId={result.envelope.id} />}
    </div>
  );
}

/**
 * The envelope's history, read only once the clerk opens it: mounted with the card, it cost a round trip
 * and a second render right behind every scan's answer (and again after each panel refresh), for a list
 * that is closed nearly always.
 */
function ResultHistory({ envelopeId }: { envelopeId: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="result-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>この封筒の履歴</summary>
      {open && <EnvelopeHistory envelopeId={envelopeId} />}
    </details>
  );
}

/** What the envelopes hold, as the list said (資格情報のお知らせ, 資格確認書); '' when it did not say. */
function documents(envelopes: EnvelopeView[]): string {
  return [...new Set(envelopes.map((e) => e.documentKind).filter((k) => k))].join('・');
}

function holderLine(envelopes: EnvelopeView[]): string {
  const first = envelopes[0]!;
  return `${first.holderName} さん（${first.symbol}-${first.number}${first.deptName ? `・${first.deptName}` : ''}）`;
}
