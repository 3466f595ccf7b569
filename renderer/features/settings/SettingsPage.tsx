import { useAppStore } from '../../app/store';
import { SettingsForm } from './SettingsForm';
import { DataPanels } from '../storage/DataPanels';
import { SyncSettingsPanel } from '../sync/SyncSettingsPanel';

export function SettingsPage() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  return (
    <section className="page">
      <h2>設定</h2>
      <div className="panel">
        <h3>事業所と担当者</h3>
        <SettingsForm initial={settings} submitLabel="保存" onSaved={setSettings} />
      </div>
      <SyncSettingsPanel />
      <DataPanels />
    </section>
  );
}
