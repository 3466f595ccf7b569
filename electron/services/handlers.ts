/**
 * The handler table: one function per API name. Electron's ipcMain and the Chromium test harness both
 * call `dispatch`, so tests exercise exactly the code the app runs.
 */
import { argSchemas, RECOVERY_API_NAMES, type ApiName, type ApiParsedArg, type ApiResult } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import type { ServiceContext } from './context';
import { clerkMessage } from './errors';
import { getSettings, saveSettings } from './settings';
import { getStatus } from './status';
import { listShipments } from './lists/importList';
import { cancelJob, jobProgress, runJob } from './jobs/runner';
import { handOverEnvelopes, identifyScan, scan } from './handover/scan';
import { listActions, undoAction } from './handover/undo';
import { search } from './handover/search';
import { deptProgress, listEnvelopes, listFilterOptions } from './handover/list';
import { eventsOfEnvelope } from './handover/views';
import { handoverPanels } from './handover/panels';
import { flagEnvelopes, holdEnvelopes, releaseEnvelopes } from './returns/flags';
import { addToBatch, addToBatchByCode, checkTrackingNumber, createBatch, holdList, listBatches, markBatchSent, removeFromBatch, returnQueue } from './returns/batches';
import { applyRetireeFlags } from './roster/reconcile';
import { importRoster, rosterReport } from './roster/rosterCheck';
import { receiptBookSheet, returnListSheet, savePdf } from './returns/sheets';
import { followUpSheet, progressOverview } from './progress';
import { exportReport } from './report/export';
import { collectReportSummary } from './report/collect';
import { boxCheckScan, boxCheckStatus, finishBoxCheck, recordNotOnList } from './lists/boxCheck';
import { listBackups } from './storage/backups';
import { exportDatabase, importDatabase, restoreBackup, startFresh, storageState } from './storage/host';
import { finishPreview, listFinishedCampaigns } from './campaign/finish';
import { confirmRemoteFinish, finishCampaignEverywhere } from './sync/finish';
import { currentSyncView } from './sync/service';
import { getSyncSettings, saveSyncSettings } from './sync/settings';
import { listSyncConflicts } from './sync/conflicts';
import { asDesk } from './jobs/deskFirst';

export type Handlers = {
  [K in ApiName]: (ctx: ServiceContext, arg: ApiParsedArg<K>) => ApiResult<K> | Promise<ApiResult<K>>;
};

export const handlers: Handlers = {
  getSettings: (ctx) => getSettings(ctx),
  saveSettings: (ctx, arg) => saveSettings(ctx, arg),
  getStatus: (ctx) => getStatus(ctx),
  previewImport: (ctx, arg) => runJob(ctx, 'previewImport', arg),
  commitImport: (ctx, arg) => runJob(ctx, 'commitImport', arg),
  listShipments: (ctx) => listShipments(ctx),
  scan: (ctx, arg) => scan(ctx, arg.code, { recipient: arg.recipient, via: arg.via }),
  identifyScan: (ctx, arg) => identifyScan(ctx, arg.code, arg.via),
  handOverEnvelopes: (ctx, arg) => handOverEnvelopes(ctx, arg.envelopeIds, { recipient: arg.recipient }),
  undoAction: (ctx, arg) => undoAction(ctx, arg.actionUid),
  listActions: (ctx, arg) => listActions(ctx, arg.limit),
  eventsOfEnvelope: (ctx, arg) => eventsOfEnvelope(ctx.db, arg.envelopeId),
  search: (ctx, arg) => search(ctx, arg.query, arg.limit),
  listEnvelopes: (ctx, arg) => listEnvelopes(ctx, arg),
  deptProgress: (ctx) => deptProgress(ctx),
  handoverPanels: (ctx) => handoverPanels(ctx),
  listFilterOptions: (ctx) => listFilterOptions(ctx),
  flagEnvelopes: (ctx, arg) => flagEnvelopes(ctx, arg),
  holdEnvelopes: (ctx, arg) => holdEnvelopes(ctx, arg),
  releaseEnvelopes: (ctx, arg) => releaseEnvelopes(ctx, arg),
  returnQueue: (ctx) => returnQueue(ctx),
  holdList: (ctx) => holdList(ctx),
  listBatches: (ctx) => listBatches(ctx),
  checkTrackingNumber: (_ctx, arg) => checkTrackingNumber(arg.trackingNumber),
  createBatch: (ctx, arg) => createBatch(ctx, arg),
  addToBatch: (ctx, arg) => addToBatch(ctx, arg),
  removeFromBatch: (ctx, arg) => removeFromBatch(ctx, arg),
  addToBatchByCode: (ctx, arg) => addToBatchByCode(ctx, arg),
  markBatchSent: (ctx, arg) => markBatchSent(ctx, arg),
  importRoster: (ctx, arg) => importRoster(ctx, arg),
  rosterReport: (ctx) => rosterReport(ctx),
  applyRetireeFlags: (ctx, arg) => applyRetireeFlags(ctx, arg.envelopeIds),
  returnListSheet: (ctx, arg) => returnListSheet(ctx, arg.batchId),
  receiptBookSheet: (ctx, arg) => receiptBookSheet(ctx, arg.deptCode),
  savePdf: (ctx, arg) => savePdf(ctx, arg.fileName),
  boxCheckStatus: (ctx, arg) => boxCheckStatus(ctx, arg.shipmentId),
  boxCheckScan: (ctx, arg) => boxCheckScan(ctx, arg.shipmentId, arg.code),
  recordNotOnList: (ctx, arg) => recordNotOnList(ctx, arg.shipmentId, arg.windowText, arg.note),
  finishBoxCheck: (ctx, arg) => finishBoxCheck(ctx, arg.shipmentId),
  progressOverview: (ctx) => progressOverview(ctx),
  followUpSheet: (ctx, arg) => followUpSheet(ctx, arg.days),
  exportReport: (ctx, arg) => exportReport(ctx, arg.format, arg.era, arg.csvEncoding),
  collectReportSummary: (ctx, arg) => collectReportSummary(ctx, { era: arg.era }),
  storageState: (ctx) => storageState(ctx),
  listBackups: (ctx) => listBackups(ctx),
  backupNow: (ctx) => runJob(ctx, 'createBackup', { reason: 'manual' }),
  jobProgress: (ctx) => jobProgress(ctx),
  cancelJob: (ctx, arg) => cancelJob(ctx, arg.id),
  restoreBackup: (ctx, arg) => restoreBackup(ctx, arg.name),
  exportDatabase: (ctx) => exportDatabase(ctx),
  importDatabase: (ctx) => importDatabase(ctx),
  startFresh: (ctx) => startFresh(ctx),
  finishPreview: (ctx) => finishPreview(ctx),
  finishCampaign: (ctx, arg) => finishCampaignEverywhere(ctx, arg.confirmation),
  listFinishedCampaigns: (ctx) => listFinishedCampaigns(ctx),
  getSyncState: (ctx) => currentSyncView(ctx),
  syncNow: async (ctx) => {
    await ctx.sync?.syncNow();
    return currentSyncView(ctx);
  },
  getSyncSettings: (ctx) => getSyncSettings(ctx),
  saveSyncSettings: (ctx, arg) => {
    const saved = saveSyncSettings(ctx, arg);
    void ctx.sync?.syncNow(); // connect at once, so the header tells whether the settings work
    return saved;
  },
  listSyncConflicts: (ctx) => listSyncConflicts(ctx.db),
  confirmRemoteFinish: (ctx, arg) => confirmRemoteFinish(ctx, arg.confirmation),
};

const RECOVERY_ONLY = new Set<ApiName>(RECOVERY_API_NAMES);

const GENERIC_ERROR = '予期しないエラーが起きました。操作は保存されていません。もう一度お試しください。';

export type Logger = (message: string, error?: unknown) => void;

const isApiName = (name: unknown): name is ApiName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(argSchemas, name);

/** Validates the untrusted argument, runs the handler, and turns every failure into a clerk-readable Result. */
export async function dispatch(
  ctx: ServiceContext,
  name: unknown,
  rawArg: unknown,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isApiName(name)) return fail('不明な操作です。');
  if (ctx.recovery && !RECOVERY_ONLY.has(name)) {
    return fail('データベースに問題があるため使えません。バックアップから復元するか、新しく始めてください。');
  }
  const parsed = argSchemas[name].safeParse(rawArg);
  if (!parsed.success) {
    return fail(parsed.error.issues[0]?.message ?? '入力内容が正しくありません。');
  }
  try {
    const handler = handlers[name] as (ctx: ServiceContext, arg: unknown) => unknown;
    // The synchronous part (a scan's whole write) runs with the job worker held back between its slices.
    return ok(await asDesk(() => handler(ctx, parsed.data)));
  } catch (e) {
    const message = clerkMessage(e);
    if (message !== null) return fail(message);
    log(`handler ${name} failed`, e);
    return fail(GENERIC_ERROR);
  }
}
