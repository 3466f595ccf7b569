import { create } from 'zustand';
import type { ReceiptBookSheet, ReturnListSheet } from '../../../shared/returns';
import type { FollowUpSheet } from '../../../shared/progress';
import type { ReportSummary } from '../../../shared/report';

export type PrintDoc =
  | { kind: 'returnList'; sheet: ReturnListSheet; fileName: string }
  | { kind: 'receiptBook'; sheet: ReceiptBookSheet; fileName: string }
  | { kind: 'followUp'; sheet: FollowUpSheet; fileName: string }
  | { kind: 'reportSummary'; sheet: ReportSummary; fileName: string };

interface PrintState {
  doc: PrintDoc | null;
  open: (doc: PrintDoc) => void;
  close: () => void;
}

export const usePrintStore = create<PrintState>((set) => ({
  doc: null,
  open: (doc) => set({ doc }),
  close: () => set({ doc: null }),
}));
