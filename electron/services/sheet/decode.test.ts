import { describe, expect, it } from 'vitest';
import Encoding from 'encoding-japanese';
import { decodeText } from './decode';
import { ImportError } from './errors';

const utf8 = (s: string) => new TextEncoder().encode(s);
const sjis = (s: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(s), { to: 'SJIS', from: 'UNICODE' }));
const eucjp = (s: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(s), { to: 'EUCJP', from: 'UNICODE' }));

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, dropping the BOM', () => {
    expect(decodeText(utf8('\ufeff記号,番号'))).toEqual({ text: '記号,番号', encoding: 'utf-8' });
    expect(decodeText(utf8('記号,番号'))).toEqual({ text: '記号,番号', encoding: 'utf-8' });
  });

  it('reads Shift_JIS (CP932) with the NEC/IBM extension characters intact', () => {
    const text = '髙橋 大輔,山﨑 浩二,ﾀｶﾊｼ ﾀﾞｲｽｹ,①,№';
    expect(decodeText(sjis(text))).toEqual({ text, encoding: 'shift_jis' });
  });

  it('refuses EUC-JP instead of showing mojibake', () => {
    expect(() => decodeText(eucjp('記号,番号,氏名\nたかはし,やまだ\n'))).toThrow(/EUC-JP/);
  });

  it('refuses UTF-16 and binary data with a message for the clerk', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x18, 0x8a, 0xf7, 0x53]);
    expect(() => decodeText(utf16)).toThrow(ImportError);
    expect(() => decodeText(utf16)).toThrow(/UTF-16/);
    expect(() => decodeText(new Uint8Array([0x41, 0x00, 0x42, 0x00]))).toThrow(/ファイルを読めません/);
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(() => decodeText(new Uint8Array([0x41, 0x82, 0x0a, 0xa0, 0xfd]))).toThrow(ImportError);
  });
});
