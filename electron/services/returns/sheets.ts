/** The data of the printed sheets: a batch's 返送リスト and a 所属's 受領簿. */
import type { EnvelopeStatus } from '../../../shared/domain';
import type { ReceiptBookSheet, ReturnListSheet } from '../../../shared/returns';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { getSettings } from '../settings';
import { getBatch } from './batches';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

export function returnListSheet(ctx: ServiceContext, batchId: number): ReturnListSheet {
  const batch = getBatch(ctx, batchId);
  if (batch.items.length === 0) throw new UserError('袋に封筒が入っていません。');
  return { companyName: getSettings(ctx).companyName ?? '', batch, printedAt: ctx.now().toISOString() };
}

/**
 * Every envelope of the 所属 in the box (直送 ones never reach the 所属; a list still being copied in is not
 * there yet), in 記号番号 order, with the key its row's barcode carries.
 */
export function receiptBookSheet(ctx: ServiceContext, deptCode: string): ReceiptBookSheet {
  const rows = prepareCached(ctx.db, 
      `SELECT e.id AS envelopeId, e.symbol, e.number, e.branch, e.holder_name AS holderName, e.dept_name AS deptName, e.status,
              (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names
         FROM envelopes e WHERE e.dept_code = ? AND e.delivery = 'box' AND ${visibleShipment('e.shipment_id')} ORDER BY e.insurer_id, e.symbol, e.number, e.branch`,
    )
    .all(deptCode) as { envelopeId: number; symbol: string; number: string; branch: string; holderName: string; deptName: string; status: EnvelopeStatus; names: string | null }[];
  if (rows.length === 0) throw new UserError('この所属の封筒はありません。');
  return {
    companyName: getSettings(ctx).companyName ?? '',
    deptCode,
    deptName: rows.find((r) => r.deptName)?.deptName ?? '',
    printedAt: ctx.now().toISOString(),
    rows: rows.map((r) => ({
      envelopeId: r.envelopeId,
      symbol: r.symbol,
      number: r.number,
      branch: r.branch,
      holderName: r.holderName,
      names: (r.names ?? '').split('・').filter(Boolean),
      // The hand-over scan reads 記号-番号(-枝番) back to this envelope's household.
      barcode: `${r.symbol}-${r.number}${r.branch ? `-${r.branch}` : ''}`,
      status: r.status,
    })),
  };
}

export async function savePdf(ctx: ServiceContext, fileName: string): Promise<{ path: string | null }> {
  if (!ctx.platform) throw new UserError('この環境ではPDFを保存できません。');
  const safe = fileName.replace(/[\\/:*?"<>|]/g, '_');
  return { path: await ctx.platform.savePdf(safe.endsWith('.pdf') ? safe : `${safe}.pdf`) };
}
