import { useState } from 'react';
import { api } from '../../api';
import { ReceiptBookDocument } from './ReceiptBookDocument';
import { ReturnListDocument } from './ReturnListDocument';
import { FollowUpDocument } from './FollowUpDocument';
import { ReportSummaryDocument } from './ReportSummaryDocument';
import { usePrintStore } from './store';

const TITLES = { returnList: '返送リスト', receiptBook: '受領簿', followUp: 'フォローアップリスト', reportSummary: '完了報告（概要）' } as const;

/** The font loads glyph ranges as they first appear: print only when every glyph is there. */
async function ready() {
  document.body.getBoundingClientRect();
  await document.fonts.ready;
}

/**
 * The sheet as paper, before it is printed. Outside the app's scrolling content so print gets every page;
 * in print only the sheet shows (styles.css hides the rest).
 */
export function PrintPreview() {
  const doc = usePrintStore((s) => s.doc);
  const close = usePrintStore((s) => s.close);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  if (!doc) return null;

  const print = async () => {
    await ready();
    window.print();
  };
  const pdf = async () => {
    await ready();
    const r = await api().savePdf({ fileName: doc.fileName });
    if (!r.ok) setMessage({ kind: 'error', text: r.error });
    else if (r.value.path) setMessage({ kind: 'success', text: `PDFを保存しました: ${r.value.path}` });
  };

  return (
    <div className="print-preview" role="dialog" aria-modal="true" aria-label="印刷プレビュー">
      <div className="print-toolbar">
        <strong>{TITLES[doc.kind]}</strong>
        <button type="button" className="primary" onClick={() => void print()}>
          印刷
        </button>
        <button type="button" onClick={() => void pdf()}>
          PDFで保存
        </button>
        <button
          type="button"
          onClick={() => {
            setMessage(null);
            close();
          }}
        >
          閉じる
        </button>
        {message && (
          <span className={`message ${message.kind}`} role="status">
            {message.text}
          </span>
        )}
      </div>
      <div className="print-pages">
        {doc.kind === 'returnList' && <ReturnListDocument sheet={doc.sheet} />}
        {doc.kind === 'receiptBook' && <ReceiptBookDocument sheet={doc.sheet} />}
        {doc.kind === 'followUp' && <FollowUpDocument sheet={doc.sheet} />}
        {doc.kind === 'reportSummary' && <ReportSummaryDocument summary={doc.sheet} />}
      </div>
    </div>
  );
}
