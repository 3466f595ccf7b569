import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';

export function HandoverPage() {
  const total = useAppStore((s) => s.status?.envelopes.total ?? 0);
  return (
    <section className="page">
      <h2>配付</h2>
      {total === 0 && <NeedsList />}
    </section>
  );
}
