/**
 * The completion report at full size: writeReport (collect from SQLite + build the styled, page-set-up xlsx
 * with exceljs + compress + atomic write) against the bare SheetJS write of the same rows (one sheet, no
 * styles, uncompressed: what the report was before it became a form), measured in the same process on the
 * same data. The baseline stayed SheetJS so that figures before and after the move to exceljs compare;
 * exceljs's bare streaming write of the same rows is printed too (standalone run) for orientation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { openDatabase } from '../electron/services/db/open';
import { createContext } from '../electron/services/context';
import { importFile } from '../electron/services/lists/importList';
import { saveSettings } from '../electron/services/settings';
import { handOverEnvelopes } from '../electron/services/handover/scan';
import { flagEnvelopes, holdEnvelopes } from '../electron/services/returns/flags';
import { addToBatch, createBatch, markBatchSent } from '../electron/services/returns/batches';
import { recordNotOnList } from '../electron/services/lists/boxCheck';
import { collectReport } from '../electron/services/report/collect';
import { writeReport } from '../electron/services/report/write';
import { ROW_COLUMNS } from '../electron/services/report/columns';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { generateRows, toXlsx } from './generate';

/** A レターパック number whose 12th digit is the first eleven mod 7, as on real labels. */
function trackingNumber(n: number): string {
  const first11 = String(20000000000 + n);
  let r = 0;
  for (const ch of first11) r = (r * 10 + Number(ch)) % 7;
  return first11 + String(r);
}

async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** exceljs's streaming writer with nothing but the values: what the form costs on top of the library. */
async function bareExceljsWrite(aoa: string[][], file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('封筒一覧');
  for (const r of aoa) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

export async function measureReport(
  members: number,
): Promise<{ reportRatio: number; reportMs: number; bareWriteMs: number; bareExceljsWriteMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-bench-report-'));
  // The clock moves a few minutes per action, so the report's dates are not all one instant.
  let clock = Date.parse('2024-11-25T00:30:00Z');
  const db = openDatabase(path.join(dir, 'bench.sqlite3'));
  try {
    const ctx = createContext(db, () => new Date(clock));
    saveSettings(ctx, { companyName: '株式会社ベンチ電機', operatorName: '総務部 山田' });
    importFile(ctx, toXlsx(generateRows(members)), 'list.xlsx', {});
    const ids = db.prepare('SELECT id FROM envelopes ORDER BY id').pluck().all() as number[];
    const shipmentId = db.prepare('SELECT id FROM shipments').pluck().get() as number;

    // A report near the end of the work: most handed over (a tenth by proxy), some going back in
    // レターパック, some on hold, a few missing from the box.
    const share = (from: number, to: number) => ids.slice(Math.floor(ids.length * from), Math.floor(ids.length * to));
    const chunk = 500;
    const handed = share(0, 0.7);
    for (let i = 0; i < handed.length; i += chunk) {
      clock += 7 * 60_000;
      const proxy = (i / chunk) % 10 === 0;
      handOverEnvelopes(ctx, handed.slice(i, i + chunk), { recipient: proxy ? { kind: 'proxy', name: '配偶者' } : { kind: 'self' } });
    }
    const flagged = share(0.7, 0.74);
    const half = Math.floor(flagged.length / 2);
    // The services refuse an empty selection; `npm test` runs the bench with a few hundred members.
    if (half > 0) flagEnvelopes(ctx, { envelopeIds: flagged.slice(0, half), reason: '退職', date: '2024-10-31' });
    if (flagged.length > half) flagEnvelopes(ctx, { envelopeIds: flagged.slice(half), reason: '扶養削除', date: '2024-11-15' });
    const packed = flagged.slice(0, Math.floor(flagged.length * 0.6));
    const perBatch = Math.max(1, Math.ceil(packed.length / 8));
    for (let i = 0, n = 1; i < packed.length; i += perBatch, n++) {
      clock += 60 * 60_000;
      const batch = createBatch(ctx, { kind: 'letterpack', trackingNumber: trackingNumber(n) });
      addToBatch(ctx, { batchId: batch.id, envelopeIds: packed.slice(i, i + perBatch) });
      markBatchSent(ctx, { batchId: batch.id, sentOn: '2024-12-02' });
    }
    const held = share(0.74, 0.76);
    if (held.length > 0) holdEnvelopes(ctx, { envelopeIds: held, reason: '海外赴任', expectedOn: '2025-03-31' });
    db.prepare(
      `INSERT INTO discrepancies (shipment_id, kind, envelope_id, recorded_at, recorded_by)
       SELECT ?, 'missing_from_box', id, ?, 'bench' FROM envelopes WHERE id % 200 = 0 AND status = 'pending'`,
    ).run(shipmentId, new Date(clock).toISOString());
    recordNotOnList(ctx, shipmentId, '01010101 9999999 山田 一郎', '2箱目');

    // The baseline holds exactly what the report's 封筒一覧 holds, as the strings a caller would have.
    const data = collectReport(ctx, { era: 'wareki' });
    const aoa: string[][] = [ROW_COLUMNS.map((c) => c.header), ...data.rows.map((r) => ROW_COLUMNS.map((c) => r[c.key]))];
    if (data.rows.length !== ids.length) throw new Error(`report has ${data.rows.length} rows, expected ${ids.length}`);

    const reportFile = path.join(dir, 'report.xlsx');
    const bareFile = path.join(dir, 'bare.xlsx');
    const bareWrite = () => {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '封筒一覧');
      fs.writeFileSync(bareFile, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    };
    const report = () => writeReport(ctx, reportFile, { era: 'wareki' });
    // Interleaved, so neither side alone gets the warm JIT or the cold heap.
    let reportMs = Infinity;
    let bareWriteMs = Infinity;
    let bareExceljsWriteMs = Infinity;
    for (let i = 0; i < 2; i++) {
      bareWriteMs = Math.min(bareWriteMs, await timed(bareWrite));
      bareExceljsWriteMs = Math.min(bareExceljsWriteMs, await timed(() => bareExceljsWrite(aoa, bareFile)));
      reportMs = Math.min(reportMs, await timed(report));
    }
    return {
      reportRatio: Math.round((reportMs / bareWriteMs) * 100) / 100,
      reportMs: Math.round(reportMs),
      bareWriteMs: Math.round(bareWriteMs),
      bareExceljsWriteMs: Math.round(bareExceljsWriteMs),
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/report.ts [members]` runs it alone.
if (require.main === module) {
  const n = Number(process.argv[2] ?? 100_000);
  const t = performance.now();
  void measureReport(n).then((r) => {
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(JSON.stringify({ members: n, ...r, totalMs: Math.round(performance.now() - t), maxRssMb }) + '\n');
  });
}
