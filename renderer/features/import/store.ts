import { create } from 'zustand';
import type { EnvelopeUnit } from '../../../shared/domain';
import type { ColumnMapping } from '../../../shared/import';
import { MAX_LIST_BYTES, MAX_LIST_MB, type ImportPreview, type ImportSummary, type ShipmentInfo } from '../../../shared/lists';
import { api, call } from '../../api';
import { useAppStore } from '../../app/store';

const ACCEPTED = /\.(xlsx|xlsm|xls|csv|tsv|txt)$/i;

export interface ImportForm {
  insurerName: string;
  insurerNumber: string;
  unit: EnvelopeUnit;
  receivedOn: string;
  boxCount: string;
}

interface ImportState {
  busy: 'reading' | 'committing' | null;
  file: { name: string; bytes: Uint8Array<ArrayBuffer> } | null;
  preview: ImportPreview | null;
  form: ImportForm;
  mappingOpen: boolean;
  /** The columns the clerk chose on the mapping screen, if any. */
  mapping: ColumnMapping | undefined;
  error: string | null;
  summary: ImportSummary | null;
  shipments: ShipmentInfo[];
  openFile: (file: File) => Promise<void>;
  repreview: (changes: { mapping?: ColumnMapping; insurerName?: string; unit?: EnvelopeUnit }) => Promise<void>;
  applyMapping: (mapping: ColumnMapping) => Promise<void>;
  setForm: (patch: Partial<ImportForm>) => void;
  setMappingOpen: (open: boolean) => void;
  commit: () => Promise<void>;
  cancel: () => void;
  loadShipments: () => Promise<void>;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const emptyForm = (): ImportForm => ({ insurerName: '', insurerNumber: '', unit: 'person', receivedOn: today(), boxCount: '' });

export const useImportStore = create<ImportState>((set, get) => {
  // Previews can overlap (leaving the insurer field by clicking a unit radio starts two); the last one asked wins.
  let latest = 0;
  let inflight: Promise<void> = Promise.resolve();
  const runPreview = (
    file: { name: string; bytes: Uint8Array<ArrayBuffer> },
    options: { mapping?: ColumnMapping; insurerName?: string; unit?: EnvelopeUnit },
  ): Promise<void> => (inflight = doPreview(file, options));
  const doPreview = async (
    file: { name: string; bytes: Uint8Array<ArrayBuffer> },
    options: { mapping?: ColumnMapping; insurerName?: string; unit?: EnvelopeUnit },
  ) => {
    const mine = ++latest;
    set({ busy: 'reading', error: null, summary: null });
    const r = await api().previewImport({ fileName: file.name, bytes: file.bytes, ...options });
    if (mine !== latest) return;
    if (!r.ok) {
      set({ busy: null, error: r.error, preview: null });
      return;
    }
    const p = r.value;
    set((s) => ({
      busy: null,
      preview: p,
      mappingOpen: p.missingFields.length > 0 || (s.mappingOpen && p.missingFields.length > 0),
      form: {
        ...s.form,
        insurerName: p.insurerName,
        insurerNumber: p.insurerNumber ?? '',
        unit: p.unit,
      },
    }));
  };

  return {
    busy: null,
    file: null,
    preview: null,
    form: emptyForm(),
    mappingOpen: false,
    mapping: undefined,
    error: null,
    summary: null,
    shipments: [],

    openFile: async (f) => {
      if (!ACCEPTED.test(f.name)) {
        set({ error: `「${f.name}」は取り込めない種類のファイルです。Excel（.xlsx / .xls）かCSVのファイルを選んでください。`, preview: null, file: null });
        return;
      }
      // Refuse before reading: a huge file must not be loaded into memory at all.
      if (f.size > MAX_LIST_BYTES) {
        set({ error: `ファイルが大きすぎます（${MAX_LIST_MB}MBまで）: ${f.name}`, preview: null, file: null });
        return;
      }
      set({ busy: 'reading', error: null, summary: null, preview: null, form: emptyForm(), mappingOpen: false, mapping: undefined });
      const bytes = new Uint8Array(await f.arrayBuffer());
      const file = { name: f.name, bytes };
      set({ file });
      await runPreview(file, {});
    },

    repreview: async (changes) => {
      const { file, preview, form, mapping } = get();
      if (!file || !preview) return;
      const m = changes.mapping ?? mapping;
      await runPreview(file, {
        ...(m ? { mapping: m } : {}),
        insurerName: changes.insurerName ?? form.insurerName,
        unit: changes.unit ?? get().form.unit,
      });
    },

    applyMapping: async (mapping) => {
      set({ mapping });
      await get().repreview({ mapping });
      if (!get().error) set({ mappingOpen: false });
    },

    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    setMappingOpen: (open) => set({ mappingOpen: open }),

    commit: async () => {
      // Leaving the insurer field by pressing 取り込む starts a fresh preview: commit what it shows.
      await inflight;
      const { preview, form } = get();
      if (!preview) return;
      const boxCount = form.boxCount.trim() === '' ? null : Number(form.boxCount);
      set({ busy: 'committing', error: null });
      const r = await api().commitImport({
        previewId: preview.previewId,
        insurerName: form.insurerName,
        insurerNumber: form.insurerNumber.trim() === '' ? null : form.insurerNumber.trim(),
        unit: form.unit,
        receivedOn: form.receivedOn || null,
        boxCount,
      });
      if (!r.ok) {
        set({ busy: null, error: r.error });
        return;
      }
      set({ busy: null, summary: r.value, preview: null, file: null, mappingOpen: false });
      await Promise.all([get().loadShipments(), useAppStore.getState().refreshStatus()]);
    },

    cancel: () => set({ preview: null, file: null, error: null, mappingOpen: false, mapping: undefined, form: emptyForm() }),

    loadShipments: async () => {
      await call(api().listShipments(), (shipments) => set({ shipments }), (error) => set({ error }));
    },
  };
});
