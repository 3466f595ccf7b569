/**
 * The renderer's only door to the system. Sandboxed preloads can require nothing but 'electron', so the
 * API is spelled out here; `satisfies KubaruApi` makes the compiler check it matches shared/api.ts exactly.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiName, KubaruApi } from '../shared/api';

const call =
  (name: ApiName) =>
  (arg?: unknown): Promise<never> =>
    ipcRenderer.invoke(`kubaru:${name}`, arg) as Promise<never>;

const api = {
  getSettings: call('getSettings'),
  saveSettings: call('saveSettings'),
  getStatus: call('getStatus'),
  previewImport: call('previewImport'),
  commitImport: call('commitImport'),
  listShipments: call('listShipments'),
  scan: call('scan'),
  identifyScan: call('identifyScan'),
  handOverEnvelopes: call('handOverEnvelopes'),
  undoAction: call('undoAction'),
  listActions: call('listActions'),
  eventsOfEnvelope: call('eventsOfEnvelope'),
  search: call('search'),
  listEnvelopes: call('listEnvelopes'),
  deptProgress: call('deptProgress'),
  handoverPanels: call('handoverPanels'),
  listFilterOptions: call('listFilterOptions'),
  flagEnvelopes: call('flagEnvelopes'),
  holdEnvelopes: call('holdEnvelopes'),
  releaseEnvelopes: call('releaseEnvelopes'),
  returnQueue: call('returnQueue'),
  holdList: call('holdList'),
  listBatches: call('listBatches'),
  checkTrackingNumber: call('checkTrackingNumber'),
  createBatch: call('createBatch'),
  addToBatch: call('addToBatch'),
  removeFromBatch: call('removeFromBatch'),
  addToBatchByCode: call('addToBatchByCode'),
  markBatchSent: call('markBatchSent'),
  importRoster: call('importRoster'),
  rosterReport: call('rosterReport'),
  applyRetireeFlags: call('applyRetireeFlags'),
  returnListSheet: call('returnListSheet'),
  receiptBookSheet: call('receiptBookSheet'),
  savePdf: call('savePdf'),
  boxCheckStatus: call('boxCheckStatus'),
  boxCheckScan: call('boxCheckScan'),
  recordNotOnList: call('recordNotOnList'),
  finishBoxCheck: call('finishBoxCheck'),
  progressOverview: call('progressOverview'),
  followUpSheet: call('followUpSheet'),
  exportReport: call('exportReport'),
  collectReportSummary: call('collectReportSummary'),
  storageState: call('storageState'),
  listBackups: call('listBackups'),
  backupNow: call('backupNow'),
  restoreBackup: call('restoreBackup'),
  exportDatabase: call('exportDatabase'),
  importDatabase: call('importDatabase'),
  startFresh: call('startFresh'),
  finishPreview: call('finishPreview'),
  finishCampaign: call('finishCampaign'),
  listFinishedCampaigns: call('listFinishedCampaigns'),
  jobProgress: call('jobProgress'),
  cancelJob: call('cancelJob'),
  getSyncState: call('getSyncState'),
  syncNow: call('syncNow'),
  getSyncSettings: call('getSyncSettings'),
  saveSyncSettings: call('saveSyncSettings'),
  listSyncConflicts: call('listSyncConflicts'),
  confirmRemoteFinish: call('confirmRemoteFinish'),
} satisfies KubaruApi;

contextBridge.exposeInMainWorld('kubaru', api);
