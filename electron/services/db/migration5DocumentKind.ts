import type { Migration } from './migrations';

/**
 * v6: what each envelope holds (交付書類: 資格情報のお知らせ, 資格確認書 …), as the insurer's list names it.
 * Envelopes imported before keep '' (the list did not say).
 */
export const migration5DocumentKind: Migration = {
  version: 6,
  description: '交付書類 per envelope',
  sql: `ALTER TABLE envelopes ADD COLUMN document_kind TEXT NOT NULL DEFAULT '';`,
};
