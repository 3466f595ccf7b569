/**
 * 直送: a list whose 送付区分 column says an envelope goes straight to the member's home (自宅, 任意継続 …).
 * Such an envelope is not in the box: never 未配付, never handed over, flagged, held, 箱に無い or on a 受領簿;
 * counted and listed apart, and every count still adds up. The list is made here, as an insurer sends it.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile, previewImport } from '../../electron/services/lists/importList';
import { handOverEnvelopes, scan } from '../../electron/services/handover/scan';
import { flagEnvelopes, holdEnvelopes } from '../../electron/services/returns/flags';
import { boxCheckStatus, finishBoxCheck } from '../../electron/services/lists/boxCheck';
import { receiptBookSheet } from '../../electron/services/returns/sheets';
import { progressOverview } from '../../electron/services/progress';
import { getStatus } from '../../electron/services/status';
import { collectReport } from '../../electron/services/report/collect';
import { writeReport } from '../../electron/services/report/write';
import { listEnvelopes } from '../../electron/services/handover/list';
import { saveSettings } from '../../electron/services/settings';
import { deliveryOf } from '../../electron/services/lists/delivery';
import { importRosterAndFlag } from '../../electron/services/roster/rosterCheck';
import { checkInvariants } from '../reliability/invariants';
import { tempDir } from '../e2e/harness';

const HEADER = ['記号', '番号', '枝番', '被保険者氏名', '氏名', '続柄', '所属コード', '所属名', '送付区分'];
const ROWS: string[][] = [
  ['1234', '101', '00', '松本　太郎', '松本　太郎', '本人', '1001', '営業部', '事業所'],
  ['1234', '101', '01', '松本　太郎', '松本　花子', '妻', '1001', '営業部', '事業所'],
  ['1234', '102', '00', '任意　継男', '任意　継男', '本人', '1001', '営業部', '任意継続（自宅）'],
  ['1234', '103', '00', '自宅　送子', '自宅　送子', '本人', '1001', '営業部', '自宅'],
  ['1234', '104', '00', '佐藤　一郎', '佐藤　一郎', '本人', '1001', '営業部', ''],
  // One member to the home, one to the office: the envelope is in the box.
  ['1234', '105', '00', '田中　次郎', '田中　次郎', '本人', '1001', '営業部', '直送'],
  ['1234', '105', '01', '田中　次郎', '田中　三郎', '子', '1001', '営業部', '事業主'],
];
const csv = Buffer.from([HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n'), 'utf8');

function desk(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')), () => new Date('2024-10-01T09:00:00+09:00'));
  saveSettings(ctx, { companyName: 'サンプル電機', operatorName: '山田' });
  importFile(ctx, csv, 'list.csv', { unit: 'household', insurerName: 'テスト健保' });
  return ctx;
}

const idOf = (ctx: ServiceContext, number: string) =>
  ctx.db.prepare('SELECT id FROM envelopes WHERE number = ?').pluck().get(number) as number;

describe('直送 from a 送付区分 column', () => {
  it('reads the wordings of the home as 直送 and the employer’s as the box', () => {
    for (const t of ['自宅', '直送', '任意継続', '被保険者宅', '本人宅', '任意継続（自宅）', '自 宅']) expect(deliveryOf(t), t).toBe('direct');
    for (const t of ['事業所', '事業主', '会社', '勤務先', '']) expect(deliveryOf(t), t).toBe('box');
  });

  it('the preview says how many are 直送', () => {
    const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
    const p = previewImport(ctx, { fileName: 'list.csv', bytes: csv });
    expect(p.mapping.delivery).toBe(HEADER.indexOf('送付区分'));
    // A list without 枝番-level households is proposed per person: 田中 次郎's own envelope goes home too.
    expect(p.unit).toBe('person');
    expect(p.counts).toMatchObject({ envelopes: 7, direct: 3 });
  });

  it('counts 直送 apart from 未配付, everywhere, and the totals add up', () => {
    const ctx = desk();
    expect(getStatus(ctx).envelopes).toEqual({ total: 5, pending: 3, handed_over: 0, to_return: 0, returned: 0, on_hold: 0, direct: 2 });
    const [insurer] = progressOverview(ctx).byInsurer;
    expect(insurer).toMatchObject({ total: 5, pending: 3, direct: 2 });
    const overview = progressOverview(ctx);
    expect(overview.openAges.reduce((s, a) => s + a.count, 0)).toBe(3);
    expect(overview.direct.map((d) => d.holderName)).toEqual(['任意　継男', '自宅　送子']);
    expect(listEnvelopes(ctx, { filter: { status: 'pending' }, sort: 'number', offset: 0, limit: 50 }).total).toBe(3);
    expect(checkInvariants(ctx.db)).toEqual([]);
  });

  it('a scan says 直送 and hands nothing over; the search’s hand-over, a flag and a hold are refused', () => {
    const ctx = desk();
    const r = scan(ctx, '1234 102');
    expect(r.result).toBe('direct');
    expect(r.message).toContain('直送');
    expect(r.handedOverIds).toEqual([]);
    expect(r.actionUid).toBeNull();
    expect(handOverEnvelopes(ctx, [idOf(ctx, '103')]).result).toBe('direct');
    expect(() => flagEnvelopes(ctx, { envelopeIds: [idOf(ctx, '102')], reason: '退職' })).toThrow(/直送/);
    expect(() => holdEnvelopes(ctx, { envelopeIds: [idOf(ctx, '103')], reason: '不在' as never })).toThrow(/直送/);
    // A flag over a box envelope and a 直送 one changes neither.
    expect(() => flagEnvelopes(ctx, { envelopeIds: [idOf(ctx, '104'), idOf(ctx, '102')], reason: '退職' })).toThrow(/直送/);
    expect(getStatus(ctx).envelopes).toMatchObject({ pending: 3, to_return: 0, direct: 2 });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);

    // The envelope of the household that has one member at the office is in the box, and is handed over.
    expect(scan(ctx, '1234 105').result).toBe('handed_over');
    expect(getStatus(ctx).envelopes).toMatchObject({ total: 5, pending: 2, handed_over: 1, direct: 2 });
    expect(checkInvariants(ctx.db)).toEqual([]);
  });

  it('a roster of retirees flags the box envelopes only: the 任意継続 member’s 直送 envelope is nobody’s to send back', () => {
    const ctx = desk();
    const roster = [
      '社員番号,氏名,氏名カナ,所属コード,在籍区分,退職日,健保記号,健保番号',
      'E1,任意 継男,ニンイ ツグオ,1001,退職,2024-08-31,1234,102',
      'E2,佐藤 一郎,サトウ イチロウ,1001,退職,2024-08-31,1234,104',
      'E3,松本 太郎,マツモト タロウ,1001,在籍,,1234,101',
    ].join('\r\n');
    const { report, flagged } = importRosterAndFlag(ctx, { bytes: Buffer.from(roster, 'utf8'), fileName: 'roster.csv' });
    expect(report.proposals.map((p) => p.envelopeId)).toEqual([idOf(ctx, '104')]);
    expect(flagged).toBe(1);
    expect(getStatus(ctx).envelopes).toMatchObject({ total: 5, pending: 2, to_return: 1, direct: 2 });
    expect(checkInvariants(ctx.db)).toEqual([]);
  });

  it('the 受入チェック never expects it in the box, and the 受領簿 leaves it out', () => {
    const ctx = desk();
    const shipmentId = ctx.db.prepare('SELECT id FROM shipments').pluck().get() as number;
    expect(boxCheckStatus(ctx, shipmentId)).toMatchObject({ total: 3 });
    finishBoxCheck(ctx, shipmentId);
    const missing = ctx.db.prepare(`SELECT e.number FROM discrepancies d JOIN envelopes e ON e.id = d.envelope_id ORDER BY e.number`).pluck().all();
    expect(missing).toEqual(['101', '104', '105']);
    expect(receiptBookSheet(ctx, '1001').rows.map((r) => r.number)).toEqual(['101', '104', '105']);
    expect(checkInvariants(ctx.db)).toEqual([]);
  });

  it('the report counts 直送 in 概要 and names it in 封筒一覧', async () => {
    const ctx = desk();
    const report = collectReport(ctx, { era: 'seireki' });
    expect(report.summary.counts).toMatchObject({ total: 5, pending: 3, direct: 2 });
    expect(report.rows.filter((r) => r.status === '直送').map((r) => r.number)).toEqual(['102', '103']);

    const file = path.join(tempDir(), 'r.xlsx');
    await writeReport(ctx, file, { era: 'seireki' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const summaryRows: unknown[][] = [];
    wb.getWorksheet('概要')!.eachRow((row) => summaryRows.push((row.values as unknown[]).slice(1)));
    expect(summaryRows).toContainEqual(['直送（自宅へ送付・箱に無し）', 2]);
    expect(summaryRows).toContainEqual(['未配付', 3]);
    expect(summaryRows).toContainEqual(['合計', 5]);
  });
});
