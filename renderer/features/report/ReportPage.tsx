import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';

export function ReportPage() {
  const total = useAppStore((s) => s.status?.envelopes.total ?? 0);
  return (
    <section className="page">
      <h2>進捗・報告</h2>
      {total === 0 && <NeedsList />}
    </section>
  );
}
