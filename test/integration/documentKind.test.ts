/**
 * 交付書類: a list that says what each envelope holds (資格情報のお知らせ, 資格確認書) carries it onto the
 * envelope: on the scan result, in the envelope list, and counted by kind in the report.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { applyMigrations } from '../../electron/services/db/schema';
import { migration6Envelope } from '../../electron/services/db/migration6Envelope';
import { SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile, previewImport } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { scan } from '../../electron/services/handover/scan';
import { listEnvelopes } from '../../electron/services/handover/list';
import { collectReport } from '../../electron/services/report/collect';
import { getStatus } from '../../electron/services/status';
import { tempDir } from '../e2e/harness';

const LIST = [
  '保険者名：サンプル電機健康保険組合',
  '記号,番号,枝番,被保険者氏名,氏名,続柄,交付書類',
  '1234,100,00,松本　太郎,松本　太郎,本人,資格情報のお知らせ',
  '1234,100,01,松本　太郎,松本　さくら,妻,資格情報のお知らせ',
  '1234,200,00,佐藤　花子,佐藤　花子,本人,資格確認書',
  '1234,300,00,鈴木　一郎,鈴木　一郎,本人,お知らせ',
  '1234,300,01,鈴木　一郎,鈴木　次郎,子,確認書',
].join('\r\n');

function desk(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
  saveSettings(ctx, { companyName: 'サンプル電機', operatorName: '山田' });
  return ctx;
}

describe('交付書類', () => {
  it('is recognised, carried per envelope, shown on the scan result and the list, counted in the report', () => {
    const ctx = desk();
    const bytes = new Uint8Array(Buffer.from(LIST));
    const p = previewImport(ctx, { fileName: 'list.csv', bytes });
    expect(p.mapping.documentKind).toBe(6);
    importFile(ctx, bytes, 'list.csv', { unit: 'household' });

    const result = scan(ctx, '1234 100');
    expect(result.result).toBe('handed_over');
    expect(result.envelope?.documentKind).toBe('資格情報のお知らせ');
    // A household whose papers differ: both named, the list's other wordings folded onto the two names.
    expect(scan(ctx, '1234 300').envelope?.documentKind).toBe('資格情報のお知らせ・資格確認書');

    const { rows } = listEnvelopes(ctx, { filter: {}, sort: 'number', offset: 0, limit: 10 });
    expect(rows.map((r) => [r.number, r.documentKind])).toEqual([
      ['100', '資格情報のお知らせ'],
      ['200', '資格確認書'],
      ['300', '資格情報のお知らせ・資格確認書'],
    ]);

    const report = collectReport(ctx, { era: 'seireki' });
    expect(report.summary.documentKinds).toEqual([
      { kind: '資格情報のお知らせ', envelopes: 1 },
      { kind: '資格確認書', envelopes: 1 },
      { kind: '資格情報のお知らせ・資格確認書', envelopes: 1 },
    ]);
    expect(report.rows.find((r) => r.number === '200')?.documentKind).toBe('資格確認書');
  });

  it('a list without the column leaves it empty and the report without a count by kind', () => {
    const ctx = desk();
    const bytes = new Uint8Array(Buffer.from(LIST.replace(/,[^,\r\n]*$/gm, '')));
    importFile(ctx, bytes, 'list.csv', {});
    expect(scan(ctx, '1234 200').envelope?.documentKind).toBe('');
    expect(collectReport(ctx, { era: 'seireki' }).summary.documentKinds).toEqual([]);
  });

  it('a database of the version before is upgraded with its envelopes kept, their 交付書類 empty', () => {
    const before = migration6Envelope.version - 1;
    const file = path.join(tempDir(), `v${before}.sqlite3`);
    const raw = new Database(file);
    applyMigrations(raw, 0, before);
    raw.exec(`INSERT INTO meta (key, value) VALUES ('device_id', 'x')`);
    raw.prepare(`INSERT INTO insurers (id, name, created_at) VALUES (1, 'テスト健保', '2024-01-01')`).run();
    raw
      .prepare(`INSERT INTO shipments (id, insurer_id, file_name, file_sha256, unit, imported_at, imported_by) VALUES (1, 1, 'l.csv', 'abc', 'person', '2024-01-01', '山田')`)
      .run();
    raw.prepare(`INSERT INTO envelopes (insurer_id, shipment_id, unit, match_key, symbol, number, holder_name) VALUES (1, 1, 'person', '1|1|0', '01', '0001', '松本　太郎')`).run();
    raw.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(migration6Envelope.version);
    // Envelopes of before came in the box: 'box', never 直送.
    expect(db.prepare('SELECT symbol, number, holder_name, status, document_kind, delivery FROM envelopes').all()).toEqual([
      { symbol: '01', number: '0001', holder_name: '松本　太郎', status: 'pending', document_kind: '', delivery: 'box' },
    ]);
    expect(getStatus(createContext(db)).envelopes).toMatchObject({ total: 1, pending: 1, direct: 0 });
    expect(() => db.prepare(`UPDATE envelopes SET delivery = 'home'`).run()).toThrow(/CHECK/);
    db.close();
  });
});
