/**
 * Photos of an envelope window, drawn in Chromium and screenshotted: what a laptop camera sees when a clerk
 * holds a 「資格情報のお知らせ」 envelope up to it. Used by the camera tests and the bench, so both read
 * the same kind of picture: 〒 and address, 記号 番号 with their labels, the insured's and the member's
 * names, tilted, soft, small print, in different fonts, on a grey desk background.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { repoRoot } from '../fixtures';

export interface WindowSpec {
  symbol: string;
  number: string;
  holder: string;
  member?: string;
  /** Degrees; a hand-held envelope is rarely level. */
  tilt?: number;
  /** CSS blur in px: out of focus or moving. */
  blur?: number;
  /** Font size of the 記号・番号 line in px (the whole window scales with it). */
  size?: number;
  font?: 'gothic' | 'udgothic' | 'serif' | 'sans' | 'mono';
  /** Frame size in px (a 640×480 webcam frame unless told). */
  width?: number;
  height?: number;
  /** The desk with no envelope (the camera's view between two clerks). */
  blank?: boolean;
}

const FONTS: Record<NonNullable<WindowSpec['font']>, string> = {
  gothic: "'IPAexGothic'",
  udgothic: "'BIZ UDPGothic'",
  serif: "'Liberation Serif', serif",
  sans: "'DejaVu Sans', sans-serif",
  mono: "'Liberation Mono', monospace",
};

let udFontCss: string | null = null;
/** The app's own bundled face (also what Windows ships), inlined so the page needs no file access. */
function udFont(): string {
  if (udFontCss !== null) return udFontCss;
  const dir = path.join(repoRoot, 'node_modules', '@fontsource', 'biz-udpgothic', 'files');
  const file = fs.readdirSync(dir).find((f) => /latin-400-normal\.woff2$/.test(f) && !f.includes('ext'));
  udFontCss = file
    ? `@font-face{font-family:'BIZ UDPGothic';src:url(data:font/woff2;base64,${fs.readFileSync(path.join(dir, file)).toString('base64')}) format('woff2');}`
    : '';
  return udFontCss;
}

export function windowHtml(s: WindowSpec): string {
  const size = s.size ?? 22;
  const w = s.width ?? 640;
  const h = s.height ?? 480;
  const font = FONTS[s.font ?? 'gothic'];
  if (s.blank) return `<!doctype html><style>html,body{margin:0;width:${w}px;height:${h}px;background:#8a8d91;}</style>`;
  return `<!doctype html><meta charset="utf-8"><style>${udFont()}
  html,body{margin:0;width:${w}px;height:${h}px;overflow:hidden;background:#8a8d91;}
  .env{position:absolute;left:50%;top:50%;width:${size * 24}px;height:${size * 15}px;margin:${-size * 7.5}px 0 0 ${-size * 12}px;
    background:#f3efe6;transform:rotate(${s.tilt ?? 0}deg);filter:blur(${s.blur ?? 0}px);box-shadow:0 2px 8px #0006;}
  .win{position:absolute;left:${size * 1.5}px;top:${size * 2}px;right:${size * 1.5}px;bottom:${size * 2}px;background:#fff;
    border:1px solid #bbb;padding:${size * 0.5}px ${size}px;font-family:${font};color:#222;line-height:1.35;}
  .small{font-size:${size * 0.7}px} .code{font-size:${size}px;margin:${size * 0.3}px 0} .name{font-size:${size * 1.05}px}
  .co{position:absolute;right:${size}px;bottom:${size * 0.5}px;font-size:${size * 0.55}px;color:#555;font-family:'IPAexGothic'}
  </style><div class="env"><div class="win">
  <div class="small">〒105-0013 東京都港区浜松町1-2-3 サンプルビル4F</div>
  <div class="small">株式会社サンプル電機 総務部 御中</div>
  <div class="code">記号 ${s.symbol}　番号 ${s.number}</div>
  <div class="name">被保険者氏名 ${s.holder} 様</div>
  ${s.member ? `<div class="small">対象者氏名 ${s.member} 様</div>` : ''}
  </div><div class="co">全国健康保険協会 東京支部</div></div>`;
}

/** One PNG per spec, in order. */
export async function drawWindows(browser: Browser, specs: WindowSpec[]): Promise<Buffer[]> {
  const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
  try {
    const out: Buffer[] = [];
    for (const s of specs) {
      await page.setViewportSize({ width: s.width ?? 640, height: s.height ?? 480 });
      await page.setContent(windowHtml(s));
      await page.evaluate('document.fonts.ready');
      out.push(await page.screenshot({ type: 'png' }));
    }
    return out;
  } finally {
    await page.close();
  }
}
