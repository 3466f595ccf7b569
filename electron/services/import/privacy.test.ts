import { describe, expect, it } from 'vitest';
import { isMyNumberText, looksLikeMyNumberValue, scrubMyNumbers } from './privacy';

describe('isMyNumberText', () => {
  it.each([['123456789012'], ['１２３４５６７８９０１２'], ['1234-5678-9012'], ['1234 5678 9012'], [' 123456789012 ']])('%s is a My Number', (s) => {
    expect(isMyNumberText(s)).toBe(true);
  });

  it.each([['12345678901'], ['1234567890123'], ['1234-12345678'], ['1234-5678 9012'], ['1234-12345678-12'], ['髙橋 大輔']])('%s is not', (s) => {
    expect(isMyNumberText(s)).toBe(false);
  });
});

describe('looksLikeMyNumberValue', () => {
  it('counts 12-digit numbers and 11-digit ones that lost a leading zero in Excel', () => {
    expect(looksLikeMyNumberValue(123456789012)).toBe(true);
    expect(looksLikeMyNumberValue(12345678901)).toBe(true);
    expect(looksLikeMyNumberValue(12345678)).toBe(false);
    expect(looksLikeMyNumberValue(1234567890123)).toBe(false);
    expect(looksLikeMyNumberValue('12345678901')).toBe(false);
    expect(looksLikeMyNumberValue('1234-5678-9012')).toBe(true);
  });
});

describe('scrubMyNumbers', () => {
  it('masks My Numbers inside text', () => {
    expect(scrubMyNumbers('備考 123456789012 あり')).toBe('備考 ************ あり');
    expect(scrubMyNumbers('番号1234-5678-9012です')).toBe('番号************です');
    expect(scrubMyNumbers('1234-123456789012')).toBe('1234-************');
  });

  it('leaves 整理番号 and longer codes alone', () => {
    for (const s of ['1234-12345678-12', '4901234567894 JAN', '12345678901234', '髙橋 大輔']) expect(scrubMyNumbers(s)).toBe(s);
  });
});
