/**
 * `scan-image` and the camera's matcher: photos of envelope windows drawn in Chromium, and a 受領簿 page
 * printed by the app and rendered by pdftoppm, read with the same readers as the camera mode.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { identifyScan, scan } from '../../electron/services/handover/scan';
import { decodeImage } from '../../electron/services/camera/readImage';
import { skewAngle } from '../../shared/deskew';
import { browser, CLERK, closeBrowser, launchApp, tempDir } from '../e2e/harness';
import { readFixture, repoRoot } from '../fixtures';
import { drawWindows, type WindowSpec } from '../camera/windowPhotos';

afterAll(closeBrowser);

async function cli(args: string[]) {
  const out: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: () => {} });
  return { code, json: JSON.parse(out.join('\n')) };
}

/** A database with the 協会けんぽ list (記号 01010101, 番号 0000001–0000090, zeros printed). */
function kyokaiDb(): string {
  const file = path.join(tempDir(), 'k.db');
  const db = openDatabase(file);
  importFile(createContext(db), readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
  db.close();
  return file;
}

function statusOf(dbFile: string, number: string): string[] {
  const db = openDatabase(dbFile);
  try {
    return db.prepare(`SELECT status FROM envelopes WHERE number = ? ORDER BY id`).pluck().all(number) as string[];
  } finally {
    db.close();
  }
}

function handedOverCount(dbFile: string): number {
  const db = openDatabase(dbFile);
  try {
    return db.prepare(`SELECT count(*) FROM envelopes WHERE status = 'handed_over'`).pluck().get() as number;
  } finally {
    db.close();
  }
}

const holder = { holder: '田中 さくら', member: '田中 芽依' };
let photos: Record<string, Buffer>;
const dir = tempDir();
const write = (name: string) => {
  const f = path.join(dir, `${name}.png`);
  fs.writeFileSync(f, photos[name]!);
  return f;
};

beforeAll(async () => {
  const specs: Record<string, WindowSpec> = {
    clean: { symbol: '01010101', number: '0000002', ...holder },
    notInList: { symbol: '01010101', number: '0000999', holder: '山本 一郎' },
    tilted: { symbol: '01010101', number: '0000017', holder: '髙橋 太郎', tilt: -6, size: 16, font: 'serif' },
    soft: { symbol: '01010101', number: '0000023', holder: '林 由美', tilt: 3, size: 18, font: 'udgothic', blur: 1 },
    small: { symbol: '01010101', number: '0000040', holder: '山田 隆', size: 13, font: 'mono' },
    // Held at −4° to −7°: the tilts the camera missed most before it turned frames level.
    steep7: { symbol: '01010101', number: '0000045', holder: '山本 健一', tilt: -7, size: 22, font: 'gothic' },
    steep7small: { symbol: '01010101', number: '0000058', holder: '山﨑 結衣', tilt: -7, size: 17, font: 'gothic' },
    steep4soft: { symbol: '01010101', number: '0000061', holder: '斎藤 陽葵', tilt: -4, size: 16, font: 'udgothic', blur: 0.8 },
  };
  const names = Object.keys(specs);
  const shots = await drawWindows(await browser(), names.map((n) => specs[n]!));
  photos = Object.fromEntries(names.map((n, i) => [n, shots[i]!]));
}, 60_000);

describe('scan-image: an envelope window photographed', () => {
  it('hands over the household whose 記号・番号 it reads, answers like scan plus "read", and only once', { timeout: 60_000 }, async () => {
    const db = kyokaiDb();
    const r = await cli(['scan-image', write('clean'), '--db', db, '--json', '--operator', '受付 佐藤']);
    expect(r.code).toBe(0);
    const scanKeys = Object.keys((await cli(['scan', '99999999', '--db', db, '--json'])).json);
    expect(Object.keys(r.json).sort()).toEqual([...scanKeys, 'read'].sort());
    expect(r.json).toMatchObject({ result: 'handed_over', code: '01010101-0000002', envelope: { number: '0000002' } });
    expect(r.json.read).toMatch(/01010101/);
    expect(r.json.read).toMatch(/0000002/);
    expect(r.json.members.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['田中 さくら', '田中 芽依', '田中 陽葵']));
    expect(r.json.envelope.lastEvent.operator).toBe('受付 佐藤');
    expect(statusOf(db, '0000002').every((s) => s === 'handed_over')).toBe(true);
    const again = await cli(['scan-image', write('clean'), '--db', db, '--json']);
    expect(again.json).toMatchObject({ result: 'already_handed_over', handedOverIds: [], actionUid: null });
  });

  it('a code not in the list: "unknown" with what was read, nothing handed over', { timeout: 60_000 }, async () => {
    const db = kyokaiDb();
    const r = await cli(['scan-image', write('notInList'), '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ result: 'unknown', envelope: null, handedOverIds: [], actionUid: null });
    expect(r.json.read).toMatch(/0000999/);
    expect(r.json.message).toContain(r.json.read);
    expect(handedOverCount(db)).toBe(0);
  });

  it('tilted, soft and small print: the right household or nothing, never another one', { timeout: 90_000 }, async () => {
    const db = kyokaiDb();
    const expected: Record<string, string> = { tilted: '0000017', soft: '0000023', small: '0000040' };
    let right = 0;
    for (const [name, number] of Object.entries(expected)) {
      const r = await cli(['scan-image', write(name), '--db', db, '--json']);
      if (r.json.result === 'handed_over') {
        expect(r.json.envelope.number).toBe(number);
        right++;
      } else expect(r.json.result).toBe('unknown');
    }
    expect(right).toBeGreaterThanOrEqual(2);
    expect(handedOverCount(db)).toBe(right);
  });

  it('held at −4° to −7°: the frame is turned level before the OCR, and each goes to its own household', { timeout: 120_000 }, async () => {
    const db = kyokaiDb();
    const tilts: Record<string, number> = { steep7: -7, steep7small: -7, steep4soft: -4 };
    for (const [name, tilt] of Object.entries(tilts)) expect(Math.abs(skewAngle(decodeImage(photos[name]!)) - tilt)).toBeLessThanOrEqual(1);
    const numbers: Record<string, string> = { steep7: '0000045', steep7small: '0000058', steep4soft: '0000061' };
    for (const [name, number] of Object.entries(numbers)) {
      const r = await cli(['scan-image', write(name), '--db', db, '--json']);
      expect({ name, result: r.json.result, number: r.json.envelope?.number }).toEqual({ name, result: 'handed_over', number });
    }
    // Whole households (0000061 has two envelopes), and no one else's.
    for (const number of Object.values(numbers)) expect(statusOf(db, number).every((st) => st === 'handed_over')).toBe(true);
    expect(handedOverCount(db)).toBe(4);
  });

  it('not a photo, or no file: exit 1 with a Japanese message and nothing changes', async () => {
    const db = kyokaiDb();
    const bogus = path.join(dir, 'list.png');
    fs.writeFileSync(bogus, 'not an image');
    expect(await cli(['scan-image', bogus, '--db', db, '--json'])).toEqual({ code: 1, json: { ok: false, error: 'PNG か JPEG の画像を指定してください。' } });
    expect((await cli(['scan-image', path.join(dir, 'none.jpg'), '--db', db, '--json'])).json.error).toMatch(/ファイルが見つかりません/);
    expect(handedOverCount(db)).toBe(0);
  });

  it('the documented npm command prints only the JSON', { timeout: 90_000 }, async () => {
    const db = kyokaiDb();
    const p = spawnSync('npm', ['run', '--silent', 'cli', '--', 'scan-image', write('clean'), '--db', db, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ result: 'handed_over', code: '01010101-0000002' });
  });
});

describe('the camera matcher on OCR digit runs', () => {
  const ctx = () => createContext(openDatabase(kyokaiDb()));

  it('labels turned into stray digits: the list still finds 記号 01010101 番号 0000040', () => {
    const c = ctx();
    expect(scan(c, '220101010150000040', { via: 'camera_text' })).toMatchObject({ result: 'handed_over', code: '01010101-0000040', via: 'camera_text' });
  });

  it('two households in one read, or a 番号 without its 記号: unknown, nothing handed over', () => {
    const c = ctx();
    const two = scan(c, '2 01010101 5 0000040 5 0000041', { via: 'camera_text' });
    expect(two).toMatchObject({ result: 'unknown', ambiguous: true, handedOverIds: [] });
    // A 番号 with no part of its 記号 anywhere (an address, a date): not enough.
    expect(scan(c, '50000040 105 0013', { via: 'camera_text' }).result).toBe('unknown');
    expect(c.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
  });

  it('a 記号 off by one digit with an exact 番号: the list leaves one household, so it is handed over', () => {
    const c = ctx();
    expect(scan(c, '71050013 2801010107 50000002', { via: 'camera_text' })).toMatchObject({ result: 'handed_over', code: '01010101-0000002' });
    // A tilted line: half the 記号 lost, or the 番号 cut in two.
    expect(scan(c, '1010 0000040', { via: 'camera_text' })).toMatchObject({ result: 'handed_over', code: '01010101-0000040' });
    expect(scan(c, '2201010101 0 000041', { via: 'camera_text' })).toMatchObject({ result: 'handed_over', code: '01010101-0000041' });
  });

  it('two passes that name different households (a digit misread): nothing handed over, both offered to confirm', () => {
    const c = ctx();
    const read = '2 01010101 5 0000045 / 2 01010101 5 0000046';
    const r = scan(c, read, { via: 'camera_text' });
    expect(r).toMatchObject({ result: 'unknown', handedOverIds: [] });
    expect(r.message).toContain(read);
    const seen = identifyScan(c, read, 'camera_text');
    expect(seen).toMatchObject({ envelopeId: null, ambiguous: false, display: read });
    expect(seen.near.map((n) => n.code).sort()).toEqual(['01010101-0000045', '01010101-0000046']);
    expect(seen.near.every((n) => n.holderName !== '')).toBe(true);
    // Passes that agree name the household; asking writes nothing.
    expect(identifyScan(c, '2 01010101 5 0000040 / 01010101 0000040', 'camera_text').envelopeId).toBe(
      c.db.prepare(`SELECT id FROM envelopes WHERE number = '0000040'`).pluck().get(),
    );
    expect(c.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
  });
});

describe('scan-image: a row of the 受領簿', () => {
  it('a page printed by the app, rendered by pdftoppm: the barcode hands over its household', { timeout: 90_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByLabel('1001の受領簿を印刷').click();
    const preview = page.getByRole('dialog', { name: '印刷プレビュー' });
    await preview.getByRole('button', { name: 'PDFで保存' }).click();
    const saved = await preview.getByText(/PDFを保存しました: .*受領簿/).textContent();
    const pdf = saved!.replace(/^.*PDFを保存しました: /, '').trim();
    const dbFile = app.dbFile;
    await app.close();
    const prefix = path.join(dir, 'receipt');
    execFileSync('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
    // What the camera sees when the clerk holds the page up: a 1280×720 part with the first rows.
    const page1 = PNG.sync.read(fs.readFileSync(`${prefix}.png`));
    const frame = new PNG({ width: 1280, height: 720 });
    PNG.bitblt(page1, frame, 100, 480, 1280, 720, 0, 0);
    fs.writeFileSync(`${prefix}-rows.png`, PNG.sync.write(frame));
    const r = await cli(['scan-image', `${prefix}-rows.png`, '--db', dbFile, '--json']);
    expect(r.json.result).toBe('handed_over');
    expect(r.json.read).toMatch(/^\d+-\d+/); // the 受領簿's Code 128: 記号-番号(-枝番)
    expect(r.json.read.startsWith(`${r.json.envelope.symbol}-${r.json.envelope.number}`)).toBe(true);
    expect(r.json.envelope.deptCode).toBe('1001');
    expect(handedOverCount(dbFile)).toBe(r.json.handedOverIds.length);
  });
});
