/**
 * The one contract between renderer and main: name → argument → result.
 * The preload exposes exactly these methods (checked with `satisfies KubaruApi`), main registers exactly
 * these handlers, and every argument is validated with the schema below because the renderer is untrusted.
 */
import { z } from 'zod';
import { ENVELOPE_STATUSES, type AppSettings, type StatusCounts } from './domain';
import { IMPORT_FIELDS, type ImportField } from './import';
import { SCAN_VIAS, type ActionView, type DeptProgress, type EnvelopeRow, type EventView, type HandoverPanels, type ScanIdentity, type ScanResult, type SearchHit } from './handover';
import { BATCH_KINDS, FLAG_REASONS, HOLD_REASONS, type ReceiptBookSheet, type ReturnBatch, type ReturnListSheet, type ReturnRow } from './returns';
import { ROSTER_FIELDS, type RosterImportSummary, type RosterNeedsInsurerInfo, type RosterNeedsMappingInfo, type RosterReport } from './roster';
import type { BoxCheckScanResult, BoxCheckStatus } from './boxCheck';
import type { FollowUpSheet, ProgressOverview } from './progress';
import type { ReportSummary } from './report';
import { MAX_LIST_BYTES, MAX_LIST_MB, type ImportPreview, type ImportSummary, type ShipmentInfo } from './lists';
import type { Result } from './result';
import type { JobProgress } from './jobs';
import { scrubMyNumbers } from './myNumber';
import type { BackupInfo, FinishPreview, FinishedCampaign, FinishResult, ImportedDatabase, RestoreResult, StorageState } from './storage';
import { syncSettingsSchema, type SyncConflictView, type SyncSettingsView, type SyncView } from './sync';

// Validation messages reach the clerk, so zod speaks Japanese.
z.config(z.locales.ja());

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください` })
    .trim()
    .min(1, { error: `${label}を入力してください` })
    .max(max, { error: `${label}は${max}文字以内で入力してください` })
    .transform(scrubMyNumbers);

/** The operator's name, as 設定 saves it and as the CLI's --operator takes it: trimmed, capped, My Numbers masked. */
export const operatorName = text('担当者名', 50);

const noArg = z.undefined();

/**
 * Text the clerk types that is stored (notes, a proxy's name, what an envelope's window shows). The app never
 * asks for a My Number, but one typed or pasted here would reach the database: it is masked on the way in.
 */
const typed = (max: number) => z.string().trim().max(max).transform(scrubMyNumbers);

const unit = z.enum(['person', 'household'], { error: '封筒の単位を選んでください' });
const isoDate = z.iso.date({ error: '日付の形式が正しくありません' });
const mapping = z.partialRecord(z.enum(IMPORT_FIELDS as [ImportField, ...ImportField[]]), z.int().min(0).max(1000));
const id = z.int().min(1);
const recipient = z
  .strictObject({ kind: z.enum(['self', 'proxy']), name: typed(50).optional() })
  .refine((r) => r.kind === 'self' || (r.name ?? '') !== '', { error: '代理で受け取る人の名前を入力してください' });
const status = z.enum(ENVELOPE_STATUSES);

const fileBytes = z
  .instanceof(Uint8Array, { error: 'ファイルの内容を読めませんでした' })
  .refine((b) => b.byteLength <= MAX_LIST_BYTES, { error: `ファイルが大きすぎます（${MAX_LIST_MB}MBまで）` });

export const argSchemas = {
  getSettings: noArg,
  saveSettings: z.strictObject({
    companyName: text('事業所名', 100),
    operatorName,
  }),
  getStatus: noArg,
  previewImport: z.strictObject({
    fileName: z.string().min(1).max(260),
    bytes: fileBytes,
    mapping: mapping.optional(),
    insurerName: z.string().trim().max(100).optional(),
    unit: unit.optional(),
  }),
  commitImport: z.strictObject({
    previewId: z.uuid(),
    insurerName: text('保険者名', 100),
    insurerNumber: z
      .string()
      .trim()
      .regex(/^[0-9]{6,8}$/, { error: '保険者番号は6〜8桁の数字で入力してください' })
      .nullable(),
    unit,
    receivedOn: isoDate.nullable(),
    boxCount: z.int({ error: '箱数は数字で入力してください' }).min(0).max(999).nullable(),
  }),
  listShipments: noArg,
  scan: z
    .strictObject({ code: z.string().min(1).max(300), recipient: recipient.optional(), via: z.enum(SCAN_VIAS).optional() })
    // A camera's OCR read carries every digit run in the window; anything else is one code.
    .refine((a) => a.via === 'camera_text' || a.code.length <= 100, { error: 'コードが長すぎます' }),
  identifyScan: z
    .strictObject({ code: z.string().min(1).max(300), via: z.enum(SCAN_VIAS) })
    .refine((a) => a.via === 'camera_text' || a.code.length <= 100, { error: 'コードが長すぎます' }),
  handOverEnvelopes: z.strictObject({ envelopeIds: z.array(id).min(1).max(100), recipient: recipient.optional() }),
  undoAction: z.strictObject({ actionUid: z.uuid().optional() }),
  listActions: z.strictObject({ limit: z.int().min(1).max(500).optional() }),
  eventsOfEnvelope: z.strictObject({ envelopeId: id }),
  search: z.strictObject({ query: z.string().max(100), limit: z.int().min(1).max(200).optional() }),
  listEnvelopes: z.strictObject({
    filter: z.strictObject({
      status: status.optional(),
      deptCode: z.string().max(50).optional(),
      shipmentId: id.optional(),
      insurerId: id.optional(),
    }),
    sort: z.enum(['number', 'name', 'dept', 'status']),
    offset: z.int().min(0),
    limit: z.int().min(1).max(500),
  }),
  deptProgress: noArg,
  handoverPanels: noArg,
  listFilterOptions: noArg,
  flagEnvelopes: z.strictObject({
    envelopeIds: z.array(id).min(1).max(500),
    reason: z.enum(FLAG_REASONS, { error: '理由を選んでください' }),
    date: isoDate.nullable().optional(),
    note: typed(100).nullable().optional(),
  }),
  holdEnvelopes: z.strictObject({
    envelopeIds: z.array(id).min(1).max(500),
    reason: z.enum(HOLD_REASONS, { error: '理由を選んでください' }),
    expectedOn: isoDate.nullable().optional(),
    note: typed(100).nullable().optional(),
  }),
  releaseEnvelopes: z.strictObject({ envelopeIds: z.array(id).min(1).max(500) }),
  returnQueue: noArg,
  holdList: noArg,
  listBatches: noArg,
  checkTrackingNumber: z.strictObject({ trackingNumber: z.string().max(40) }),
  createBatch: z.strictObject({
    kind: z.enum(BATCH_KINDS),
    trackingNumber: z.string().max(40).nullable().optional(),
    acceptUnverified: z.boolean().optional(),
    insurerName: z.string().trim().max(100).nullable().optional(),
    note: typed(200).optional(),
  }),
  addToBatch: z.strictObject({ batchId: id, envelopeIds: z.array(id).min(1).max(500) }),
  removeFromBatch: z.strictObject({ batchId: id, envelopeIds: z.array(id).min(1).max(500) }),
  addToBatchByCode: z.strictObject({ batchId: id, code: z.string().min(1).max(100) }),
  markBatchSent: z.strictObject({ batchId: id, sentOn: isoDate }),
  importRoster: z.strictObject({
    fileName: z.string().min(1).max(260),
    bytes: fileBytes,
    mapping: z.partialRecord(z.enum(ROSTER_FIELDS), z.int().min(0).max(1000)).optional(),
    insurerName: z.string().trim().min(1).max(100).optional(),
  }),
  rosterReport: noArg,
  applyRetireeFlags: z.strictObject({ envelopeIds: z.array(id).min(1).max(100_000) }),
  returnListSheet: z.strictObject({ batchId: id }),
  receiptBookSheet: z.strictObject({ deptCode: z.string().max(50) }),
  savePdf: z.strictObject({ fileName: z.string().trim().min(1).max(120) }),
  boxCheckStatus: z.strictObject({ shipmentId: id }),
  boxCheckScan: z.strictObject({ shipmentId: id, code: z.string().min(1).max(100) }),
  recordNotOnList: z.strictObject({
    shipmentId: id,
    windowText: text('封筒の窓に見える内容', 200),
    note: typed(200),
  }),
  finishBoxCheck: z.strictObject({ shipmentId: id }),
  progressOverview: noArg,
  followUpSheet: z.strictObject({ days: z.int({ error: '日数は数字で入力してください' }).min(0).max(3650) }),
  exportReport: z.strictObject({
    format: z.enum(['xlsx', 'csv']),
    era: z.enum(['seireki', 'wareki']),
    csvEncoding: z.enum(['utf8', 'sjis']).optional(),
  }),
  collectReportSummary: z.strictObject({ era: z.enum(['seireki', 'wareki']) }),
  storageState: noArg,
  listBackups: noArg,
  backupNow: noArg,
  restoreBackup: z.strictObject({ name: z.string().min(1).max(200) }),
  exportDatabase: noArg,
  // Main asks for the file in its own dialog and reads it from disk: no database travels over IPC.
  importDatabase: noArg,
  startFresh: noArg,
  finishPreview: noArg,
  finishCampaign: z.strictObject({ confirmation: z.string().max(50) }),
  listFinishedCampaigns: noArg,
  jobProgress: noArg,
  cancelJob: z.strictObject({ id: id }),
  getSyncState: noArg,
  syncNow: noArg,
  getSyncSettings: noArg,
  saveSyncSettings: syncSettingsSchema,
  listSyncConflicts: noArg,
  confirmRemoteFinish: z.strictObject({ confirmation: z.string().max(50) }),
} as const;

/** The APIs that still answer while the database failed its check at start: the ways out. */
export const RECOVERY_API_NAMES: readonly ApiName[] = ['storageState', 'listBackups', 'restoreBackup', 'importDatabase', 'startFresh', 'jobProgress'];

export type ApiName = keyof typeof argSchemas;
export type ApiArg<K extends ApiName> = z.input<(typeof argSchemas)[K]>;
/** The argument after validation (trimmed strings and so on): what handlers receive. */
export type ApiParsedArg<K extends ApiName> = z.output<(typeof argSchemas)[K]>;

export interface ApiResults {
  getSettings: AppSettings;
  saveSettings: AppSettings;
  getStatus: StatusCounts;
  previewImport: ImportPreview;
  commitImport: ImportSummary;
  listShipments: ShipmentInfo[];
  scan: ScanResult;
  identifyScan: ScanIdentity;
  handOverEnvelopes: ScanResult;
  undoAction: { undone: number; actionUid: string };
  listActions: ActionView[];
  eventsOfEnvelope: EventView[];
  search: SearchHit[];
  listEnvelopes: { rows: EnvelopeRow[]; total: number };
  deptProgress: DeptProgress[];
  handoverPanels: HandoverPanels;
  listFilterOptions: {
    depts: { code: string; name: string }[];
    shipments: { id: number; fileName: string; insurerName: string }[];
    insurers: { id: number; name: string }[];
  };
  flagEnvelopes: { changed: number; actionUid: string };
  holdEnvelopes: { changed: number; actionUid: string };
  releaseEnvelopes: { changed: number; actionUid: string };
  returnQueue: ReturnRow[];
  holdList: (ReturnRow & { holdReason: string; since: string })[];
  listBatches: ReturnBatch[];
  checkTrackingNumber: { display: string; checkDigitOk: boolean };
  createBatch: ReturnBatch;
  addToBatch: ReturnBatch;
  removeFromBatch: ReturnBatch;
  addToBatchByCode: { batch: ReturnBatch; added: number; message: string };
  markBatchSent: ReturnBatch;
  importRoster:
    | (RosterImportSummary & { report: RosterReport; needsMapping?: undefined; needsInsurer?: undefined })
    | { needsMapping: RosterNeedsMappingInfo; needsInsurer?: undefined }
    | { needsInsurer: RosterNeedsInsurerInfo; needsMapping?: undefined };
  rosterReport: (RosterReport & { rosterFile: string | null; importedAt: string | null; insurerName: string | null }) | null;
  applyRetireeFlags: { flagged: number };
  returnListSheet: ReturnListSheet;
  receiptBookSheet: ReceiptBookSheet;
  savePdf: { path: string | null };
  boxCheckStatus: BoxCheckStatus;
  boxCheckScan: BoxCheckScanResult;
  recordNotOnList: BoxCheckStatus;
  finishBoxCheck: BoxCheckStatus;
  progressOverview: ProgressOverview;
  followUpSheet: FollowUpSheet;
  exportReport: { path: string | null; rows: number };
  collectReportSummary: ReportSummary;
  storageState: StorageState;
  listBackups: BackupInfo[];
  backupNow: BackupInfo;
  restoreBackup: RestoreResult;
  exportDatabase: { path: string | null };
  importDatabase: ImportedDatabase | null;
  startFresh: RestoreResult;
  finishPreview: FinishPreview;
  finishCampaign: FinishResult;
  listFinishedCampaigns: FinishedCampaign[];
  jobProgress: JobProgress[];
  cancelJob: { cancelled: boolean };
  getSyncState: SyncView;
  syncNow: SyncView;
  getSyncSettings: SyncSettingsView;
  saveSyncSettings: SyncSettingsView;
  listSyncConflicts: SyncConflictView[];
  confirmRemoteFinish: FinishResult;
}

export type ApiResult<K extends ApiName> = ApiResults[K];

/** What `window.kubaru` is in the renderer. */
export type KubaruApi = {
  [K in ApiName]: (...arg: ApiArg<K> extends undefined ? [] : [ApiArg<K>]) => Promise<Result<ApiResult<K>>>;
};

export const API_NAMES = Object.keys(argSchemas) as ApiName[];

/** IPC channel for a method; one prefix so main can refuse anything else. */
export const channelOf = (name: ApiName): string => `kubaru:${name}`;
