/**
 * Deterministic synthetic 送付対象者リスト for benchmarks: households of 1–5 members, kanji and kana
 * names, 所属, 和暦-free ISO birth dates. Same seed, same file.
 */
import * as XLSX from 'xlsx';
import Encoding from 'encoding-japanese';

const FAMILY = [['髙橋', 'タカハシ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'], ['山本', 'ヤマモト'], ['斎藤', 'サイトウ'], ['山﨑', 'ヤマザキ'], ['渡辺', 'ワタナベ'], ['佐々木', 'ササキ'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ']] as const;
const GIVEN = [['大輔', 'ダイスケ'], ['さくら', 'サクラ'], ['健一', 'ケンイチ'], ['美咲', 'ミサキ'], ['翔太', 'ショウタ'], ['愛', 'アイ'], ['誠', 'マコト'], ['結衣', 'ユイ'], ['蓮', 'レン'], ['陽葵', 'ヒマリ']] as const;
const RELATIONS = ['本人', '妻', '子', '子', '子'];
const DEPTS = ['1001', '1002', '2001', '3001', '4001', '5001'];

export const HEADERS = ['記号', '番号', '枝番', '被保険者氏名', '対象者氏名', '対象者氏名（カナ）', '続柄', '性別', '生年月日', '所属コード', '整理番号'];

/** A small linear congruential generator: reproducible without a dependency. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateRows(members: number, seed = 42): string[][] {
  const r = rng(seed);
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const rows: string[][] = [];
  let household = 0;
  while (rows.length < members) {
    household++;
    const size = Math.min(1 + Math.floor(r() * r() * 5), members - rows.length);
    const [fam, famKana] = pick(FAMILY);
    const [head] = pick(GIVEN);
    const dept = pick(DEPTS);
    const number = String(household).padStart(7, '0');
    for (let b = 0; b < size; b++) {
      const [given, givenKana] = b === 0 ? [head, ''] : pick(GIVEN);
      const name = `${fam} ${given}`;
      const kana = `${famKana} ${givenKana || 'タロウ'}`;
      const year = 1950 + Math.floor(r() * 70);
      const birth = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const branch = String(b).padStart(2, '0');
      rows.push(['01010101', number, branch, `${fam} ${head}`, name, kana, RELATIONS[b]!, r() < 0.5 ? '男' : '女', birth, dept, `0101-${number}-${branch}`]);
    }
  }
  return rows;
}

export function toXlsx(rows: string[][]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([['「資格情報のお知らせ」送付対象者リスト'], [], HEADERS, ...rows]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '送付対象者リスト');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

export function toShiftJisCsv(rows: string[][]): Uint8Array {
  const text = [HEADERS, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  return new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
}
