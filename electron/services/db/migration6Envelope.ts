import type { Migration } from './migrations';

/**
 * v6: two facts an insurer's list gives per envelope.
 * - document_kind: what it holds (交付書類: 資格情報のお知らせ, 資格確認書 …); '' when the list did not say.
 * - delivery: 'box' when it came in the box for the clerk to hand over, 'direct' (直送) when the insurer
 *   sends it straight to the member's home (自宅, 任意継続 …). A 直送 envelope keeps status 'pending' and is
 *   never handed over, flagged or returned: a separate attribute, not a status, because widening the
 *   status CHECK would mean rebuilding `envelopes` with its foreign keys, and the runner migrates in one
 *   transaction where foreign keys cannot be switched off.
 * Envelopes imported before keep '' and 'box'.
 */
export const migration6Envelope: Migration = {
  version: 6,
  description: '交付書類 and 直送 per envelope',
  sql: `
    ALTER TABLE envelopes ADD COLUMN document_kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE envelopes ADD COLUMN delivery TEXT NOT NULL DEFAULT 'box' CHECK (delivery IN ('box', 'direct'));
    -- The counts of v5 keep 直送 envelopes as 'pending' (they never change status): the few of them are
    -- counted through this index and taken off 未配付.
    CREATE INDEX envelopes_direct ON envelopes(dept_code) WHERE delivery = 'direct';
  `,
};
