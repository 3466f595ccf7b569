import { useAppStore } from '../../app/store';
import { SettingsForm } from '../settings/SettingsForm';

/** First start: who is using Kubaru, for which company. */
export function SetupScreen() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  return (
    <main className="setup">
      <div className="setup-card">
        <h1>
          Kubaru <span className="brand-ja">配る</span>
        </h1>
        <p className="lead">「資格情報のお知らせ」の配付・返送・報告を記録します。はじめに事業所名と担当者名を入力してください。</p>
        <SettingsForm initial={settings} submitLabel="はじめる" onSaved={setSettings} />
        <p className="fine">データはこのパソコンの中だけに保存され、外部へ送信されることはありません。マイナンバーは保存しません。</p>
      </div>
    </main>
  );
}
