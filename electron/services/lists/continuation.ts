// A long name wrapped onto the next row when a list was converted from PDF: that row holds only name
// parts (氏名, カナ, 被保険者氏名) and belongs to the member right above it, not to the problem list.

import type { ParsedMember } from '../../../shared/import';

/** Fields a wrapped row may hold: the parts of a name. Anything else makes it a row of its own. */
const NAME_PARTS = ['name', 'kana', 'insuredName'] as const;
const OTHER_FIELDS = ['symbol', 'number', 'branch', 'relation', 'sex', 'deptCode', 'deptName', 'refNumber', 'documentKind', 'delivery'] as const;

/**
 * Joins `row` onto `above` when row is a wrapped continuation of it; returns whether it did.
 * `birthBlank`: the row's 生年月日 cell is empty too (it is parsed separately).
 */
export function joinContinuation(above: ParsedMember, row: ParsedMember, birthBlank: boolean): boolean {
  if (!birthBlank) return false;
  for (const f of OTHER_FIELDS) if (row[f] !== '') return false;
  if (!NAME_PARTS.some((f) => row[f] !== '')) return false;
  // Wrapped text continues without a space: 長谷川　左衛門 + 三郎太.
  for (const f of NAME_PARTS) if (row[f] !== '') above[f] += row[f];
  return true;
}
