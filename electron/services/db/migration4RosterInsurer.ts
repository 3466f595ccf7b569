import type { Migration } from './migrations';

/**
 * A roster's 記号・番号 refer to one insurer. When two insurers' lists share 記号・番号, the clerk says which
 * one the roster speaks of; NULL when the roster matched one insurer's households or none at import.
 */
export const migration4RosterInsurer: Migration = {
  version: 4,
  description: 'the insurer a roster (社員名簿) speaks of',
  sql: `ALTER TABLE roster_imports ADD COLUMN insurer_id INTEGER REFERENCES insurers(id);`,
};
