import { useState } from 'react';
import { FIELD_LABELS, IMPORT_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportField } from '../../../shared/import';
import type { ImportPreview } from '../../../shared/lists';
import { useImportStore } from './store';

/** Lets the clerk say which column holds what, with the first rows of the file to look at. */
export function MappingEditor({ preview }: { preview: ImportPreview }) {
  const applyMapping = useImportStore((s) => s.applyMapping);
  const setMappingOpen = useImportStore((s) => s.setMappingOpen);
  const [mapping, setMapping] = useState<ColumnMapping>(preview.mapping);
  const ignored = new Set(preview.ignoredColumns);
  const missing = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);

  const choose = (field: ImportField, value: string) =>
    setMapping((m) => {
      const next = { ...m };
      if (value === '') delete next[field];
      else next[field] = Number(value);
      return next;
    });

  return (
    <div className="panel wide mapping" aria-label="列の対応">
      <h3>列の対応</h3>
      {preview.missingFields.length > 0 && (
        <p className="message warn" role="status">
          {preview.missingFields.map((f) => FIELD_LABELS[f]).join('・')} の列が見つかりませんでした。どの列かを選んでください。選んだ対応はこの保険者の次のリストにも使います。
        </p>
      )}
      <div className="mapping-grid">
        {IMPORT_FIELDS.map((field) => (
          <label key={field} className="field">
            <span className="field-label">
              {FIELD_LABELS[field]}
              {REQUIRED_FIELDS.includes(field) && <span className="required">必須</span>}
            </span>
            <select value={mapping[field] ?? ''} onChange={(e) => choose(field, e.target.value)} aria-label={`${FIELD_LABELS[field]}の列`}>
              <option value="">（なし）</option>
              {preview.headers.map((h, i) =>
                ignored.has(h) ? null : (
                  <option key={i} value={i}>
                    {columnName(i)}列: {h || '（見出しなし）'}
                  </option>
                ),
              )}
            </select>
          </label>
        ))}
      </div>
      <div className="table-scroll">
        <table className="grid small">
          <thead>
            <tr>
              {preview.headers.map((h, i) => (
                <th key={i} className={ignored.has(h) ? 'ignored' : undefined}>
                  {columnName(i)}: {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, ri) => (
              <tr key={ri}>
                {preview.headers.map((h, ci) => (
                  <td key={ci} className={ignored.has(h) ? 'ignored' : undefined}>
                    {r[ci] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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

/** Excel's column letters, so the clerk can find the column in the file. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
