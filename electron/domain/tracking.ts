import { formatTrackingNumber } from '../../shared/returns';
// レターパック（and ゆうパック etc.）のお問い合わせ番号. Pure: no I/O.

export type ParsedTrackingNumber =
  | { ok: true; digits: string; display: string; checkDigitOk: boolean }
  | { ok: false; error: string };

export const TRACKING_LENGTH_ERROR = 'お問い合わせ番号は12桁の数字です';

// Clerks copy the number from the label (1234-5678-9012), type it with a Japanese IME on
// (full-width digits, 全角スペース) or scan it; all of these mean the same number.
const SEPARATORS_RE = /[\s\-‐‑‒–—―−－ー]/g;

/**
 * Japan Post's check digit: the first eleven digits taken as one number, mod 7. Computed digit by
 * digit so the result never depends on floating point, whatever the number of digits.
 */
function checkDigitOf(first11: string): number {
  let r = 0;
  for (let i = 0; i < first11.length; i++) r = (r * 10 + (first11.charCodeAt(i) - 0x30)) % 7;
  return r;
}

/**
 * Reads a tracking number as typed. A wrong check digit is not an error: the label may be
 * right and the rule may not apply to every product, so the clerk is warned and may keep it.
 */
export function parseTrackingNumber(raw: string): ParsedTrackingNumber {
  const digits = raw.normalize('NFKC').replace(SEPARATORS_RE, '');
  if (!/^[0-9]{12}$/.test(digits)) return { ok: false, error: TRACKING_LENGTH_ERROR };
  return {
    ok: true,
    digits,
    display: formatTrackingNumber(digits),
    checkDigitOk: checkDigitOf(digits.slice(0, 11)) === digits.charCodeAt(11) - 0x30,
  };
}
