// Text encoding of CSV/TSV lists. Japanese lists come as UTF-8 (with or without BOM) or
// Shift_JIS/CP932 (Excel's 「CSV（コンマ区切り）」 on Japanese Windows). Guessing wrong gives
// mojibake silently, so anything that is neither is refused rather than decoded.

import { ImportError, MSG_UNREADABLE } from './errors';

export type TextEncodingName = 'utf-8' | 'shift_jis';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const MSG_UTF16 =
  'UTF-16（Unicode テキスト）のファイルには対応していません。Excelで「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存し直してください';
const MSG_EUC = 'EUC-JPのファイルには対応していません。UTF-8かShift_JISで保存し直してください';
const MSG_UNKNOWN_ENCODING = '文字コードを判別できません。UTF-8かShift_JISで保存し直してください';

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Text files never hold NUL; spreadsheets in an unknown binary format and UTF-16 without BOM do. */
function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 65536);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

function countInRange(s: string, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= lo && c <= hi) n++;
  }
  return n;
}

function countJapanese(s: string): number {
  return countInRange(s, 0x3040, 0x30ff) + countInRange(s, 0x4e00, 0x9fff);
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) throw new ImportError(MSG_UTF16);
  if (looksBinary(bytes)) throw new ImportError(MSG_UNREADABLE);

  // A BOM is consumed by the decoder (ignoreBOM defaults to false).
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };

  // WHATWG shift_jis is CP932: NEC and IBM extensions (髙 﨑 ①) decode correctly.
  const sjis = tryDecode('shift_jis', bytes);
  const euc = tryDecode('euc-jp', bytes);
  if (sjis === null) throw new ImportError(euc !== null ? MSG_EUC : MSG_UNKNOWN_ENCODING);
  // EUC-JP text is often valid Shift_JIS too, but reads as a stream of half-width kana.
  // Real Shift_JIS lists almost never decode as EUC-JP at all (記 号 氏 名 use lead bytes EUC-JP lacks).
  if (euc !== null && countInRange(sjis, 0xff61, 0xff9f) > countJapanese(euc)) throw new ImportError(MSG_EUC);
  return { text: sjis, encoding: 'shift_jis' };
}
