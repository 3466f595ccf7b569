import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';

export function ReturnsPage() {
  const total = useAppStore((s) => s.status?.envelopes.total ?? 0);
  return (
    <section className="page">
      <h2>返送</h2>
      {total === 0 && <NeedsList />}
    </section>
  );
}
