import { describe, expect, it } from 'vitest';
import { headerKey, isMyNumberHeader } from '../sheet/header';
import { findHeader, LIST_SHEET, proposeUnit, readTitleInfo } from './listHeader';

import { readListFile } from '../sheet/read';

const csvGrids = (text: string) => readListFile(new TextEncoder().encode(text), 'list.csv').sheets;

describe('header names', () => {
  it.each([
    ['記号', 'symbol'],
    ['被保険者記号', 'symbol'],
    ['被保険者証記号', 'symbol'],
    ['番号', 'number'],
    ['被保険者番号', 'number'],
    ['被保険者証番号', 'number'],
    ['枝番', 'branch'],
    ['被保険者氏名', 'insuredName'],
    ['対象者氏名', 'name'],
    ['氏名（漢字）', 'name'],
    ['氏名', 'name'],
    ['カナ', 'kana'],
    ['フリガナ', 'kana'],
    ['対象者氏名（カナ）', 'kana'],
    ['対象者氏名(ｶﾅ)', 'kana'],
    ['対象者氏名カナ', 'kana'],
    ['氏名カナ', 'kana'],
    ['ふりがな', 'kana'],
    ['続柄', 'relation'],
    ['本人・家族の別', 'relation'],
    ['生年月日', 'birthDate'],
    ['性別', 'sex'],
    ['所属コード', 'deptCode'],
    ['所属', 'deptCode'],
    ['所属名', 'deptName'],
    ['整理番号', 'refNumber'],
    [' 被保険者 番号 ', 'number'],
    ['【記号】', 'symbol'],
    ['※番号', 'number'],
  ])('%s is %s', (text, field) => {
    expect(LIST_SHEET.fieldOf(text)).toBe(field);
  });

  it.each([['個人番号'], ['社員番号'], ['電話番号'], ['No.'], ['備考'], ['郵便番号']])('%s is no field', (text) => {
    expect(LIST_SHEET.fieldOf(text)).toBeNull();
  });

  it('compares (ｶﾅ) and （カナ） alike', () => {
    expect(headerKey('対象者氏名(ｶﾅ)')).toBe(headerKey('対象者氏名（カナ）'));
  });

  it('spots My Number headers in any width or wording', () => {
    for (const h of ['個人番号', '個人番号（マイナンバー）', 'マイナンバー', 'ﾏｲﾅﾝﾊﾞｰ', 'ＭｙＮｕｍｂｅｒ', '個人番号(下4桁)']) expect(isMyNumberHeader(h)).toBe(true);
    for (const h of ['番号', '被保険者番号', '整理番号']) expect(isMyNumberHeader(h)).toBe(false);
  });
});

describe('LIST_SHEET.recognize', () => {
  it('gives the envelope person the 対象者 columns when 被保険者 columns exist too', () => {
    const m = LIST_SHEET.recognize(['被保険者氏名カナ', '被保険者氏名', '対象者氏名', '対象者氏名カナ', '記号', '番号']);
    expect(m).toEqual({ insuredName: 1, name: 2, kana: 3, symbol: 4, number: 5 });
  });

  it('uses each column once and the first of two equal columns', () => {
    expect(LIST_SHEET.recognize(['氏名', '氏名', '記号'])).toEqual({ name: 0, symbol: 2 });
  });

  it('never maps a My Number column', () => {
    expect(LIST_SHEET.recognize(['記号', '番号', '個人番号'])).toEqual({ symbol: 0, number: 1 });
  });
});

describe('findHeader', () => {
  it('skips title rows and blank rows above the header', () => {
    const grids = csvGrids('送付対象者リスト\n保険者名：サンプル健康保険組合\n\n記号,番号,氏名\n1,2,髙橋\n');
    expect(findHeader(grids)).toMatchObject({ sheetIndex: 0, row: 3, mapping: { symbol: 0, number: 1, name: 2 } });
  });

  it('returns nothing for a table that names no list columns', () => {
    expect(findHeader(csvGrids('商品コード,商品名,単価\nA-1,ボールペン,120\n'))).toBeNull();
  });

  it('does not take a lone 氏名 column for a list header', () => {
    expect(findHeader(csvGrids('氏名\n髙橋\n'))).toBeNull();
  });

  it('joins a two-row header whose upper row names some columns', () => {
    const grids = csvGrids('No.,被保険者証,,,氏名,生年月日\n,記号,番号,枝番,,\n1,1234,5,00,髙橋,1990-01-01\n');
    const h = findHeader(grids);
    expect(h?.row).toBe(1);
    expect(h?.mapping).toEqual({ symbol: 1, number: 2, branch: 3, name: 4, birthDate: 5 });
  });
});

describe('readTitleInfo / proposeUnit', () => {
  it('reads labelled values in one cell or in the next cell', () => {
    const grids = csvGrids('保険者名：サンプル電機健康保険組合 御中,,保険者番号,06139999\n事業所名,株式会社サンプル,,\n記号,番号,氏名\n1,2,髙橋\n');
    const info = readTitleInfo(grids, 0, 2);
    expect(info).toMatchObject({ insurerName: 'サンプル電機健康保険組合', insurerNumber: '06139999', companyName: '株式会社サンプル' });
    expect(proposeUnit(info)).toBe('household');
  });

  it('proposes one envelope per person for 協会けんぽ and when nothing is known', () => {
    const base = { insurerNumber: null, companyName: null, texts: [] };
    expect(proposeUnit({ ...base, insurerName: '全国健康保険協会 東京支部' })).toBe('person');
    expect(proposeUnit({ ...base, insurerName: '協会けんぽ' })).toBe('person');
    expect(proposeUnit({ ...base, insurerName: 'サンプル健保' })).toBe('household');
    expect(proposeUnit({ ...base, insurerName: null })).toBe('person');
    expect(proposeUnit({ ...base, insurerName: null, insurerNumber: '06130001' })).toBe('household');
    expect(proposeUnit({ ...base, insurerName: null, insurerNumber: '01130012' })).toBe('person');
    // The 法別番号 comes from insurerKindOf (one table): 63 特定健保組合, full-width digits too.
    expect(proposeUnit({ ...base, insurerName: null, insurerNumber: '63130001' })).toBe('household');
    expect(proposeUnit({ ...base, insurerName: null, insurerNumber: '０６１３０００１' })).toBe('household');
    expect(proposeUnit({ ...base, insurerName: null, insurerNumber: '31130001' })).toBe('person');
  });
});
