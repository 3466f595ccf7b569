import { useState } from 'react';
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS, type ColumnMapping } from '../../../shared/import';
import type { ImportPreview } from '../../../shared/lists';
import { ColumnMappingFields, ColumnPreview } from '../../ui/ColumnMapping';
import { useImportStore } from './store';

/** Lets the clerk say which column holds what, with the first rows of the file to look at. */
export function MappingEditor({ preview }: { preview: ImportPreview }) {
  const applyMapping = useImportStore((s) => s.applyMapping);
  const setMappingOpen = useImportStore((s) => s.setMappingOpen);
  const [mapping, setMapping] = useState<ColumnMapping>(preview.mapping);
  const ignored = new Set(preview.ignoredColumns);
  const missing = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);

  return (
    <div className="panel wide mapping" aria-label="列の対応">
      <h3>列の対応</h3>
      {preview.missingFields.length > 0 && (
        <p className="message warn" role="status">
          {preview.missingFields.map((f) => FIELD_LABELS[f]).join('・')} の列が見つかりませんでした。どの列かを選んでください。選んだ対応はこの保険者の次のリストにも使います。
        </p>
      )}
      <ColumnMappingFields
        fields={IMPORT_FIELDS}
        labels={FIELD_LABELS}
        required={REQUIRED_FIELDS}
        mapping={mapping}
        headers={preview.headers}
        ignored={ignored}
        selectLabel={(label) => `${label}の列`}
        onChange={setMapping}
      />
      <ColumnPreview headers={preview.headers} rows={preview.rows} ignored={ignored} />
      <div className="actions">
        {preview.missingFields.length === 0 && (
          <button type="button" onClick={() => setMappingOpen(false)}>
            閉じる
          </button>
        )}
        <button type="button" className="primary" disabled={missing.length > 0} onClick={() => void applyMapping(mapping)}>
          この対応で読み直す
        </button>
      </div>
    </div>
  );
}
