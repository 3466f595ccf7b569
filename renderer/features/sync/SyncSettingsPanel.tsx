import { useEffect, useState, type FormEvent } from 'react';
import { TLS_MODES, type SyncSettingsView, type TlsMode } from '../../../shared/sync';
import { api } from '../../api';
import { useSyncStore } from './store';

const TLS_LABELS: Record<TlsMode, string> = {
  off: 'なし（このPCか社内の信頼できるネットワークだけ）',
  require: 'require（暗号化する）',
  'verify-full': 'verify-full（暗号化し、サーバー証明書を確かめる）',
};

/** 設定 → 複数の窓口で使う: the shared PostgreSQL server. Empty server: this desk works alone. */
export function SyncSettingsPanel() {
  const [form, setForm] = useState<SyncSettingsView | null>(null);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const refresh = useSyncStore((s) => s.refresh);

  useEffect(() => {
    void api()
      .getSyncSettings()
      .then((r) => r.ok && setForm(r.value));
  }, []);
  if (!form) return null;
  const set = <K extends keyof SyncSettingsView>(k: K, v: SyncSettingsView[K]) => setForm({ ...form, [k]: v });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { hasPassword: _unused, ...fields } = form;
    void _unused;
    const r = await api().saveSyncSettings({ ...fields, password });
    if (!r.ok) return setMessage({ ok: false, text: r.error });
    setForm(r.value);
    setPassword('');
    setMessage({ ok: true, text: r.value.host ? '保存しました。サーバーと同期を始めます。' : 'この窓口だけで使います。' });
    await refresh();
  };

  return (
    <div className="panel">
      <h3>複数の窓口で使う</h3>
      <p className="field-hint">
        ほかの窓口（別のPC）と同じ配付業務を進めるときに、共有するPostgreSQLサーバーを指定します。サーバーにつながらない間もこのPCだけで配付を続けられ、つながったときに送受信します。
      </p>
      <form className="form" onSubmit={submit} aria-label="複数の窓口で使う">
        <label className="field">
          <span className="field-label">サーバー</span>
          <input name="host" value={form.host} onChange={(e) => set('host', e.target.value)} placeholder="例: db.example.co.jp（空欄: この窓口だけで使う）" />
        </label>
        <label className="field">
          <span className="field-label">ポート</span>
          <input name="port" inputMode="numeric" value={String(form.port)} onChange={(e) => set('port', Number(e.target.value.replace(/\D/g, '')) || 0)} />
        </label>
        <label className="field">
          <span className="field-label">データベース</span>
          <input name="database" value={form.database} onChange={(e) => set('database', e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">ユーザー</span>
          <input name="user" value={form.user} onChange={(e) => set('user', e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">パスワード</span>
          <input
            name="password"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            placeholder={form.hasPassword ? '保存済み（変えるときだけ入力）' : ''}
          />
          <span className="field-hint">OSの機能で暗号化して保存します。</span>
        </label>
        <label className="field">
          <span className="field-label">TLS</span>
          <select name="tls" value={form.tls} onChange={(e) => set('tls', e.target.value as TlsMode)}>
            {TLS_MODES.map((m) => (
              <option key={m} value={m}>
                {TLS_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        {form.tls === 'verify-full' && (
          <label className="field">
            <span className="field-label">CAファイル</span>
            <input name="caFile" value={form.caFile} onChange={(e) => set('caFile', e.target.value)} placeholder="例: C:\\certs\\root.crt" />
          </label>
        )}
        <label className="field">
          <span className="field-label">窓口名</span>
          <input name="deskName" value={form.deskName} onChange={(e) => set('deskName', e.target.value)} placeholder="例: 本社2階" maxLength={50} />
          <span className="field-hint">ほかの窓口の画面と報告に、この名前で表示されます。</span>
        </label>
        {message && (
          <p className={message.ok ? 'message success' : 'message error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            保存
          </button>
        </div>
      </form>
    </div>
  );
}
