import { useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../shared/domain';
import { api } from '../../api';

interface Props {
  initial: AppSettings | null;
  submitLabel: string;
  onSaved: (s: AppSettings) => void;
}

/** 事業所名 and 担当者: asked on first start, editable later in 設定. */
export function SettingsForm({ initial, submitLabel, onSaved }: Props) {
  const [companyName, setCompanyName] = useState(initial?.companyName ?? '');
  const [operatorName, setOperatorName] = useState(initial?.operatorName ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const r = await api().saveSettings({ companyName, operatorName });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setSaved(true);
    onSaved(r.value);
  };

  return (
    <form className="form" onSubmit={submit} aria-label="事業所と担当者">
      <label className="field">
        <span className="field-label">事業所名</span>
        <input
          name="companyName"
          value={companyName}
          onChange={(e) => setCompanyName(e.target.value)}
          placeholder="例: 株式会社サンプル電機"
          autoFocus
          maxLength={100}
        />
      </label>
      <label className="field">
        <span className="field-label">担当者名</span>
        <input
          name="operatorName"
          value={operatorName}
          onChange={(e) => setOperatorName(e.target.value)}
          placeholder="例: 総務部 山田"
          maxLength={50}
        />
        <span className="field-hint">配付・返送の記録に操作した人として残ります。</span>
      </label>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {saved && !error && (
        <p className="message success" role="status">
          保存しました。
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
