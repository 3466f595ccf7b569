import { useHandoverStore } from '../features/handover/store';
import { useImportStore } from '../features/import/store';
import { usePrintStore } from '../features/print/store';
import { useReturnsStore } from '../features/returns/store';

/**
 * After the database was replaced (restore, a copy from another PC) or its personal data deleted, what the
 * screens still hold in memory (the last scans, a preview, a sheet) belongs to data that is no longer there.
 */
export function forgetScreenData(): void {
  for (const store of [useHandoverStore, useImportStore, useReturnsStore, usePrintStore] as const) {
    (store.setState as (s: unknown, replace: true) => void)(store.getInitialState(), true);
  }
}
