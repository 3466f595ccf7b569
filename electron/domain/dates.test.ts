import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDate, toWareki } from './dates';

const iso = (v: unknown) => {
  const d = parseDate(v);
  return d.ok ? d.iso : 'invalid';
};

describe('parseDate', () => {
  it.each([
    ['1992-10-18', '1992-10-18'],
    ['1992/10/18', '1992-10-18'],
    ['1992.10.18', '1992-10-18'],
    ['1992/1/8', '1992-01-08'],
    ['19921018', '1992-10-18'],
    ['1992年10月18日', '1992-10-18'],
    ['１９９２年１０月１８日', '1992-10-18'],
    ['1992/10/18 0:00:00', '1992-10-18'],
    ['1992-10-18T00:00:00', '1992-10-18'],
    [' 1992-10-18 ', '1992-10-18'],
  ])('reads 西暦 %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['昭和40年10月1日', '1965-10-01'],
    ['昭和 40年 10月 1日', '1965-10-01'],
    ['S40.10.01', '1965-10-01'],
    ['s40/10/1', '1965-10-01'],
    ['Ｓ４０．１０．０１', '1965-10-01'],
    ['昭40.10.1', '1965-10-01'],
    ['R6.8.7', '2024-08-07'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['H1.1.8', '1989-01-08'],
    ['平成31年4月30日', '2019-04-30'],
    ['㍻7年12月16日', '1995-12-16'],
    ['昭和64年1月7日', '1989-01-07'],
    ['大正元年7月30日', '1912-07-30'],
    ['T15.12.24', '1926-12-24'],
    ['明治45年7月29日', '1912-07-29'],
    ['M33.1.1', '1900-01-01'],
    ['昭和41年3月14日生', '1966-03-14'],
  ])('reads 和暦 %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['1992-02-30'],
    ['2023/2/29'],
    ['1992-13-01'],
    ['1992年13月1日'],
    ['昭和40年2月30日'],
    ['平成1年1月7日'], // still 昭和 that day
    ['令和1年4月30日'],
    ['昭和65年1月1日'], // 昭和 ended in its 64th year
    ['X40.10.1'],
    ['92/10/18'],
    ['1992/10'],
    ['不明'],
    ['12345'],
  ])('refuses %s', (input) => {
    expect(parseDate(input)).toEqual({ ok: false });
  });

  it('accepts 29 February in leap years only', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29');
    expect(iso('2000-02-29')).toBe('2000-02-29');
    expect(iso('1900-02-29')).toBe('invalid');
  });

  it('treats empty cells as no date', () => {
    for (const v of ['', '   ', '　', null, undefined]) expect(parseDate(v)).toEqual({ ok: true, iso: null });
  });

  it('reads Excel serial numbers, counting the 1900-02-29 that Excel invented', () => {
    expect(iso(1)).toBe('1900-01-01');
    expect(iso(59)).toBe('1900-02-28');
    expect(iso(60)).toBe('invalid');
    expect(iso(61)).toBe('1900-03-01');
    expect(iso(33895)).toBe('1992-10-18');
    expect(iso(33895.75)).toBe('1992-10-18');
    expect(iso(45511)).toBe('2024-08-07');
    expect(iso(0)).toBe('invalid');
    expect(iso(-5)).toBe('invalid');
    expect(iso(Number.NaN)).toBe('invalid');
    expect(iso(3_000_000)).toBe('invalid');
  });

  it('reads serials of 1904-based workbooks', () => {
    expect(parseDate(32433, { date1904: true })).toEqual({ ok: true, iso: '1992-10-18' });
  });

  it('reads a yyyymmdd date stored as a number', () => {
    expect(iso(19921018)).toBe('1992-10-18');
    expect(iso(19920230)).toBe('invalid');
  });

  it('reads Date objects, whether at UTC midnight or a local time', () => {
    expect(iso(new Date(Date.UTC(1965, 9, 1)))).toBe('1965-10-01');
    expect(iso(new Date(1992, 9, 18, 15, 30))).toBe('1992-10-18');
    expect(iso(new Date(Number.NaN))).toBe('invalid');
  });

  it('refuses values that are not dates at all', () => {
    expect(parseDate(true)).toEqual({ ok: false });
    expect(parseDate({})).toEqual({ ok: false });
  });
});

describe('toWareki', () => {
  it.each([
    ['1965-10-01', '昭和40年10月1日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1912-07-30', '大正元年7月30日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1900-01-01', '明治33年1月1日'],
    ['2024-08-07', '令和6年8月7日'],
  ])('%s is %s', (input, expected) => {
    expect(toWareki(input)).toBe(expected);
  });

  it('gives nothing for text that is not an ISO date', () => {
    expect(toWareki('')).toBe('');
    expect(toWareki('1992/10/18')).toBe('');
    expect(toWareki('1992-02-30')).toBe('');
  });

  it('round-trips through parseDate for every date since 明治', () => {
    const day = fc.integer({ min: Date.UTC(1868, 0, 1), max: Date.UTC(2099, 11, 31) }).map((t) => {
      const d = new Date(t);
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    });
    fc.assert(fc.property(day, (d) => iso(toWareki(d)) === d));
  });
});
