import { EmptyState } from '../../ui/EmptyState';

export function ImportPage() {
  return (
    <section className="page">
      <h2>送付対象者リストの取込</h2>
      <EmptyState title="送付対象者リストのファイルをここに置いてください">
        Excel（.xlsx / .xls）または CSV のリストを取り込みます。
      </EmptyState>
    </section>
  );
}
