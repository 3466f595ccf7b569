import { useAppStore } from '../app/store';
import { EmptyState } from './EmptyState';

/** Shown on every screen that needs envelopes while nothing has been imported yet. */
export function NeedsList() {
  const go = useAppStore((s) => s.go);
  return (
    <EmptyState
      title="まず送付対象者リストを取り込んでください"
      action={
        <button type="button" className="primary" onClick={() => go('import')}>
          取込へ進む
        </button>
      }
    >
      保険者から届いた箱に同封の「送付対象者リスト」（Excel・CSV）を取り込むと、配付・返送・報告ができるようになります。
    </EmptyState>
  );
}
