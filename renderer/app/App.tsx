import { useEffect } from 'react';
import { isConfigured, useAppStore } from './store';
import { Shell } from './Shell';
import { SetupScreen } from '../features/setup/SetupScreen';
import { RecoveryScreen } from '../features/storage/RecoveryScreen';
import { PrintPreview } from '../features/print/PrintPreview';

export function App() {
  const settings = useAppStore((s) => s.settings);
  const loadError = useAppStore((s) => s.loadError);
  const load = useAppStore((s) => s.load);
  const recovery = useAppStore((s) => s.recovery);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError) {
    return (
      <main className="setup">
        <div className="setup-card">
          <h1>Kubaru</h1>
          <p className="message error" role="alert">
            {loadError}
          </p>
        </div>
      </main>
    );
  }
  if (recovery) return <RecoveryScreen problem={recovery.problem} dataDir={recovery.dataDir} />;
  if (!settings) return <main className="loading" aria-busy="true" />;
  if (!isConfigured(settings)) return <SetupScreen />;
  return (
    <>
      <Shell />
      <PrintPreview />
    </>
  );
}
