import { identifierKey, searchKey } from './normalize';

interface Searchable {
  name: string;
  kana: string;
  insuredName: string;
  symbol: string;
  number: string;
  branch: string;
  deptCode: string;
  deptName: string;
}

/**
 * The folded text a search-as-you-type query is matched against: names in kanji and kana (width- and
 * kana-insensitive), 記号番号 in the usual spellings, and 所属. Tab-separated so a query never matches
 * across two fields.
 */
export function memberSearchText(m: Searchable): string {
  // The keys the import stores (a 記号 with letters kept as text); the folded spelling below finds those too.
  const s = identifierKey(m.symbol);
  const n = identifierKey(m.number);
  const b = identifierKey(m.branch);
  return [
    searchKey(m.name),
    searchKey(m.kana),
    searchKey(m.insuredName),
    `${s}-${n}-${b}`,
    searchKey(m.symbol + m.number + m.branch),
    searchKey(m.deptCode),
    searchKey(m.deptName),
  ].join('\t');
}
