/**
 * Code 128 for the 受領簿: turns an envelope key such as `01010101-0000002-01` into bar geometry that a
 * component draws as inline SVG. Pure (no DOM, no canvas), so the same code runs in tests and in the page.
 *
 * Written here instead of pulling in a barcode library: the keys are short ASCII (digits and hyphens),
 * Code 128 is one table and a checksum, and the general-purpose libraries either need a DOM node
 * (JsBarcode) or bring ~2 MB of other symbologies (bwip-js). Scannability is checked by decoding
 * printed pages with an independent reader (zbarimg) in print.test.ts.
 */

/** Bar/space widths in modules of symbol values 0–106 (106 = stop, which has a final 2-module bar). */
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

const CODE_C = 99;
const CODE_B = 100;
const START_B = 104;
const START_C = 105;
const STOP = 106;

/** The symbology asks for at least 10 modules of white on each side; scanners need it to find the start. */
export const QUIET_ZONE_MODULES = 10;

export interface Code128 {
  value: string;
  /** Symbol values from the start character to the stop character, checksum included. */
  symbols: number[];
  /** Alternating bar and space widths in modules, starting with a bar; quiet zones not included. */
  widths: number[];
  /** Width of the symbol in modules, quiet zones not included. */
  modules: number;
}

type CodeSet = 'B' | 'C';

const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * Encodes printable ASCII (32–126) with the fewest symbols, mixing set B (one character per symbol) and
 * set C (two digits per symbol): `01010101-0000002-01` takes 200 modules instead of 244 in set B alone,
 * which keeps the barcode narrow enough for a portrait 受領簿 at a safe module size.
 * Throws a RangeError for anything else (kanji, control characters), which a scanner key cannot carry.
 */
export function encodeCode128(value: string): Code128 {
  if (value.length === 0) throw new RangeError('Code 128: empty value');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c > 126) throw new RangeError(`Code 128: cannot encode ${JSON.stringify(value[i])} in ${JSON.stringify(value)}`);
  }

  // cost[i][set]: fewest symbols to encode value[i..] when the current set is `set` (switches included).
  const n = value.length;
  const cost: Record<CodeSet, number>[] = Array.from({ length: n + 1 }, () => ({ B: 0, C: 0 }));
  for (let i = n - 1; i >= 0; i--) {
    const inB = 1 + cost[i + 1]!.B;
    const pairHere = i + 1 < n && isDigit(value, i) && isDigit(value, i + 1);
    const inC = pairHere ? 1 + cost[i + 2]!.C : Infinity;
    cost[i] = { B: Math.min(inB, 1 + inC), C: Math.min(inC, 1 + inB) };
  }

  let set: CodeSet = cost[0]!.C < cost[0]!.B ? 'C' : 'B';
  const symbols = [set === 'C' ? START_C : START_B];
  for (let i = 0; i < n; ) {
    const pairHere = i + 1 < n && isDigit(value, i) && isDigit(value, i + 1);
    const stayCost = set === 'C' ? (pairHere ? 1 + cost[i + 2]!.C : Infinity) : 1 + cost[i + 1]!.B;
    if (stayCost > cost[i]![set]) {
      set = set === 'C' ? 'B' : 'C';
      symbols.push(set === 'C' ? CODE_C : CODE_B);
    }
    if (set === 'C') {
      symbols.push(Number(value.slice(i, i + 2)));
      i += 2;
    } else {
      symbols.push(value.charCodeAt(i) - 32);
      i += 1;
    }
  }

  let check = symbols[0]!;
  for (let k = 1; k < symbols.length; k++) check += symbols[k]! * k;
  symbols.push(check % 103, STOP);

  const widths = symbols.flatMap((s) => [...CODE128_PATTERNS[s]!].map(Number));
  return { value, symbols, widths, modules: widths.reduce((a, b) => a + b, 0) };
}

/** The symbol can carry the value (otherwise the sheet prints the text alone). */
export function canEncodeCode128(value: string): boolean {
  return /^[\x20-\x7e]+$/.test(value);
}

export interface BarcodeSvg {
  /** viewBox of the whole barcode in modules, quiet zones included. */
  viewBox: string;
  /** One path with a rectangle per bar, in module units. */
  path: string;
  /** Width and height in millimetres at the requested module size, quiet zones included. */
  widthMm: number;
  heightMm: number;
}

export interface BarcodeSvgOptions {
  /** Narrowest bar in mm. 0.254 mm (10 mil) is a whole number of dots at 300 and 600 dpi. */
  moduleMm?: number;
  barHeightMm?: number;
}

/** Geometry for `<svg viewBox={…} width={`${widthMm}mm`}><path d={path} /></svg>`. */
export function code128Svg(value: string, options: BarcodeSvgOptions = {}): BarcodeSvg {
  const moduleMm = options.moduleMm ?? 0.254;
  const barHeightMm = options.barHeightMm ?? 8;
  const { widths, modules } = encodeCode128(value);
  const height = Math.round((barHeightMm / moduleMm) * 100) / 100;
  let x = QUIET_ZONE_MODULES;
  const parts: string[] = [];
  widths.forEach((w, i) => {
    if (i % 2 === 0) parts.push(`M${x} 0h${w}v${height}h-${w}z`);
    x += w;
  });
  const total = modules + 2 * QUIET_ZONE_MODULES;
  return {
    viewBox: `0 0 ${total} ${height}`,
    path: parts.join(''),
    widthMm: Math.round(total * moduleMm * 1000) / 1000,
    heightMm: barHeightMm,
  };
}
