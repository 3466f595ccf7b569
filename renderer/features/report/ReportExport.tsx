import { useState } from 'react';
import { CSV_ENCODING_LABELS, ERA_LABELS, type CsvEncoding, type Era } from '../../../shared/report';
import { api } from '../../api';
import { RadioChoice } from '../../ui/RadioChoice';
import { usePrintStore } from '../print/store';
import { useAppStore } from '../../app/store';
import { JobProgressBar } from '../../ui/JobProgressBar';

const WRITING = ['writeReport'] as const;

/** The completion report the insurer gets: Excel (summary + every envelope), CSV, and the summary as PDF. */
export function ReportExport() {
  const [era, setEra] = useState<Era>('seireki');
  const [csvEncoding, setCsvEncoding] = useState<CsvEncoding>('utf8');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const openPrint = usePrintStore((s) => s.open);
  // A saved report changes what 配付業務の完了 allows; the panels below follow the app's status.
  const refreshStatus = useAppStore((s) => s.refreshStatus);

  const save = async (format: 'xlsx' | 'csv') => {
    setSaving(true);
    const r = await api()
      .exportReport(format === 'csv' ? { format, era, csvEncoding } : { format, era })
      .finally(() => setSaving(false));
    if (!r.ok) return setMessage({ kind: 'error', text: r.error });
    if (r.value.path) {
      setMessage({ kind: 'success', text: `保存しました（${r.value.rows}通）: ${r.value.path}` });
      await refreshStatus();
    }
  };
  const summary = async () => {
    const r = await api().collectReportSummary({ era });
    if (!r.ok) return setMessage({ kind: 'error', text: r.error });
    openPrint({ kind: 'reportSummary', sheet: r.value, fileName: '完了報告_概要' });
  };

  return (
    <div className="panel wide" aria-label="完了報告">
      <h3>保険者への完了報告</h3>
      <RadioChoice legend="日付の書き方" name="era" labels={ERA_LABELS} value={era} onChange={setEra} />
      <RadioChoice legend="CSVの文字コード" name="csvEncoding" labels={CSV_ENCODING_LABELS} value={csvEncoding} onChange={setCsvEncoding} />
      <div className="action-row">
        <button type="button" className="primary" onClick={() => void save('xlsx')}>
          完了報告をExcelで保存
        </button>
        <button type="button" onClick={() => void save('csv')}>
          CSVで保存
        </button>
        <button type="button" onClick={() => void summary()}>
          概要を印刷・PDF
        </button>
      </div>
      <JobProgressBar kinds={WRITING} active={saving} />
      {message && (
        <p className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
