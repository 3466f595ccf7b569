/** Choosing which column holds what, with the file's first rows to look at: for lists and rosters alike. */

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

interface FieldsProps<F extends string> {
  fields: readonly F[];
  labels: Record<F, string>;
  required: readonly F[];
  mapping: Partial<Record<F, number>>;
  headers: string[];
  /** Headers of columns never offered (My Number columns). */
  ignored?: ReadonlySet<string>;
  selectLabel: (fieldLabel: string) => string;
  onChange: (mapping: Partial<Record<F, number>>) => void;
}

export function ColumnMappingFields<F extends string>({ fields, labels, required, mapping, headers, ignored, selectLabel, onChange }: FieldsProps<F>) {
  const choose = (field: F, value: string) => {
    const next = { ...mapping };
    if (value === '') delete next[field];
    else next[field] = Number(value);
    onChange(next);
  };
  return (
    <div className="mapping-grid">
      {fields.map((field) => (
        <label key={field} className="field">
          <span className="field-label">
            {labels[field]}
            {required.includes(field) && <span className="required">必須</span>}
          </span>
          <select value={mapping[field] ?? ''} onChange={(e) => choose(field, e.target.value)} aria-label={selectLabel(labels[field])}>
            <option value="">（なし）</option>
            {headers.map((h, i) =>
              ignored?.has(h) ? null : (
                <option key={i} value={i}>
                  {columnName(i)}列: {h || '（見出しなし）'}
                </option>
              ),
            )}
          </select>
        </label>
      ))}
    </div>
  );
}

export function ColumnPreview({ headers, rows, ignored }: { headers: string[]; rows: string[][]; ignored?: ReadonlySet<string> }) {
  const cls = (h: string) => (ignored?.has(h) ? 'ignored' : undefined);
  return (
    <div className="table-scroll">
      <table className="grid small">
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={i} className={cls(h)}>
                {columnName(i)}: {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={ri}>
              {headers.map((h, ci) => (
                <td key={ci} className={cls(h)}>
                  {r[ci] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
