import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDelimiter, parseDelimited, tooManyFieldsMessage } from './csv';
import { ImportError } from './errors';

describe('parseDelimited', () => {
  it('splits plain rows and keeps every cell as literal text', () => {
    expect(parseDelimited('記号,番号\n01010101,0000001\n', ',')).toEqual([
      ['記号', '番号'],
      ['01010101', '0000001'],
    ]);
    expect(parseDelimited('=1+2,@SUM(A1),+ﾃｽﾄ', ',')).toEqual([['=1+2', '@SUM(A1)', '+ﾃｽﾄ']]);
  });

  it('reads quoted fields holding commas, line breaks and doubled quotes', () => {
    const text = 'a,"本社, 総務部","1行目\r\n2行目","彼は""髙橋""です"\r\nb,"",x\r\n';
    expect(parseDelimited(text, ',')).toEqual([
      ['a', '本社, 総務部', '1行目\r\n2行目', '彼は"髙橋"です'],
      ['b', '', 'x'],
    ]);
  });

  it('ends rows at CRLF, LF or a lone CR, without an extra row for the final line break', () => {
    expect(parseDelimited('a\r\nb\nc\rd', ',')).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(parseDelimited('a,b\r\n', ',')).toEqual([['a', 'b']]);
    expect(parseDelimited('', ',')).toEqual([]);
  });

  it('stops after the given number of rows', () => {
    expect(parseDelimited('a\nb\nc\n', ',', { maxRows: 2 })).toEqual([['a'], ['b']]);
  });

  it('keeps the first fields of a wide row and skips the rest, quoted or not', () => {
    expect(parseDelimited('a,b,c,"d,e"\nf,"g",h\n', ',', { keepFields: 2 })).toEqual([
      ['a', 'b'],
      ['f', 'g'],
    ]);
  });

  it('refuses a row with more fields than the limit, whatever row it is', () => {
    expect(parseDelimited('a,b,c\n1,2,3', ',', { maxFields: 3 })).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(() => parseDelimited('a,b,c\n1,2,3,4', ',', { maxFields: 3 })).toThrow(ImportError);
    expect(() => parseDelimited('a,b,c\n1,2,3,4', ',', { maxFields: 3 })).toThrow(tooManyFieldsMessage(3));
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseDelimited(',a,,\n', ',')).toEqual([['', 'a', '', '']]);
  });

  it('keeps text after a closing quote, as Excel does', () => {
    expect(parseDelimited('"abc"def,x', ',')).toEqual([['abcdef', 'x']]);
  });

  it('takes a quote that is never closed literally instead of swallowing the rest of the file', () => {
    expect(parseDelimited('a,"髙橋\nb,c\n', ',')).toEqual([
      ['a', '"髙橋'],
      ['b', 'c'],
    ]);
  });

  it('splits on tabs for TSV, leaving commas inside cells alone', () => {
    expect(parseDelimited('記号\t所属名\n1234\t本社,総務部\n', '\t')).toEqual([
      ['記号', '所属名'],
      ['1234', '本社,総務部'],
    ]);
  });

  it('reads back whatever a correct CSV writer wrote', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '髙', ',', '"', '\n', '\r\n', ' ', '0') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseDelimited(text, ',')).toEqual(rows);
      }),
    );
  });
});

describe('detectDelimiter', () => {
  it('recognises tab-separated text even with commas in some cells', () => {
    expect(detectDelimiter('記号\t番号\t所属名\n1234\t1\t本社,総務部\n1234\t2\t工場\n')).toBe('\t');
  });

  it('recognises comma-separated text below title lines without separators', () => {
    expect(detectDelimiter('送付対象者リスト\n保険者名：サンプル健保\n記号,番号,氏名\n1,2,髙橋\n')).toBe(',');
  });

  it('falls back to comma for a single column', () => {
    expect(detectDelimiter('氏名\n髙橋\n')).toBe(',');
  });
});
