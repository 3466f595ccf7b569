import { UNIT_LABELS, type EnvelopeUnit } from '../../../shared/domain';
import type { ImportPreview } from '../../../shared/lists';
import { MappingEditor } from './MappingEditor';
import { useImportStore } from './store';
import { JobProgressBar } from '../../ui/JobProgressBar';

/** The backup before an import, then the import itself. */
const WRITING = ['createBackup', 'commitImport'] as const;

const FORMAT_LABELS: Record<ImportPreview['format'], string> = { xlsx: 'Excel（.xlsx）', xls: 'Excel 97-2003（.xls）', csv: 'CSV', tsv: 'タブ区切りテキスト' };

/** Everything the clerk should see before deciding to import; nothing is stored until 取り込む. */
export function PreviewView({ preview }: { preview: ImportPreview }) {
  const form = useImportStore((s) => s.form);
  const setForm = useImportStore((s) => s.setForm);
  const repreview = useImportStore((s) => s.repreview);
  const commit = useImportStore((s) => s.commit);
  const cancel = useImportStore((s) => s.cancel);
  const busy = useImportStore((s) => s.busy);
  const mappingOpen = useImportStore((s) => s.mappingOpen);
  const setMappingOpen = useImportStore((s) => s.setMappingOpen);
  const c = preview.counts;
  const blocked = preview.missingFields.length > 0 || preview.alreadyImported !== null || c.members === 0;

  return (
    <div className="preview" aria-label="取込内容の確認">
      <div className="file-line">
        <strong className="file-name">{preview.fileName}</strong>
        <span className="tag">{FORMAT_LABELS[preview.format]}</span>
        {preview.encoding && <span className="tag">{preview.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}</span>}
        {preview.sheetName && <span className="tag">シート「{preview.sheetName}」</span>}
        <span className="tag">見出し {preview.headerRow}行目</span>
        <button type="button" className="link" onClick={() => setMappingOpen(!mappingOpen)}>
          列の対応を確認・変更
        </button>
      </div>

      {preview.alreadyImported?.importing && (
        <p className="message warn" role="status">
          このファイルは取込中です（{preview.alreadyImported.fileName}）。取込が終わると配付の画面に出ます。
        </p>
      )}
      {preview.alreadyImported && !preview.alreadyImported.importing && (
        <p className="message warn" role="status">
          このファイルは {preview.alreadyImported.importedAt.slice(0, 10)} に取込済みです（{preview.alreadyImported.fileName}）。もう一度取り込んでも何も変わりません。
        </p>
      )}
      {!preview.alreadyImported && c.members === 0 && preview.missingFields.length === 0 && (
        <p className="message warn" role="status">
          このリストの対象者は、すべて以前のリストで取込済みです。
        </p>
      )}
      {preview.ignoredColumns.length > 0 && (
        <p className="message warn" role="status">
          個人番号（マイナンバー）の列「{preview.ignoredColumns.join('」「')}」は読み込んでいません。Kubaruはマイナンバーを保存しません。
        </p>
      )}

      {mappingOpen && <MappingEditor key={preview.previewId} preview={preview} />}

      <div className="preview-grid">
        <div className="panel">
          <h3>保険者と受領</h3>
          <div className="form">
            <label className="field">
              <span className="field-label">保険者名</span>
              <input
                list="known-insurers"
                value={form.insurerName}
                onChange={(e) => setForm({ insurerName: e.target.value })}
                onBlur={() => form.insurerName !== preview.insurerName && void repreview({ insurerName: form.insurerName })}
              />
              <datalist id="known-insurers">
                {preview.knownInsurers.map((i) => (
                  <option key={i.name} value={i.name} />
                ))}
              </datalist>
              {!preview.insurerFromFile &&
                (preview.insurerKind ? (
                  <span className="field-hint">
                    リストに保険者名がありません。保険者番号の法別番号（{preview.insurerNumber?.slice(0, 2)}）から「{preview.insurerKind}」としました。正式な保険者名に直してください。
                  </span>
                ) : (
                  <span className="field-hint">リストに保険者名がないため推定しました。違う場合は直してください。</span>
                ))}
            </label>
            <label className="field">
              <span className="field-label">保険者番号</span>
              <input value={form.insurerNumber} inputMode="numeric" maxLength={8} onChange={(e) => setForm({ insurerNumber: e.target.value })} />
            </label>
            <div className="field-row">
              <label className="field">
                <span className="field-label">受領日</span>
                <input type="date" value={form.receivedOn} onChange={(e) => setForm({ receivedOn: e.target.value })} />
              </label>
              <label className="field">
                <span className="field-label">箱数</span>
                <input type="number" min={0} max={999} value={form.boxCount} onChange={(e) => setForm({ boxCount: e.target.value })} />
              </label>
            </div>
            <fieldset className="field">
              <legend className="field-label">封筒の単位</legend>
              {(['person', 'household'] as EnvelopeUnit[]).map((u) => (
                <label key={u} className="radio">
                  <input
                    type="radio"
                    name="unit"
                    value={u}
                    checked={form.unit === u}
                    onChange={() => {
                      setForm({ unit: u });
                      void repreview({ unit: u });
                    }}
                  />
                  {UNIT_LABELS[u]}
                  {preview.proposedUnit === u && <span className="tag">推定</span>}
                </label>
              ))}
            </fieldset>
          </div>
        </div>

        <div className="panel">
          <h3>取り込む内容</h3>
          <div className="stats">
            <div className="stat" aria-label="封筒">
              <span className="stat-value">{c.envelopes.toLocaleString('ja-JP')}</span>
              <span className="stat-label">通（封筒）</span>
            </div>
            <div className="stat" aria-label="対象者">
              <span className="stat-value">{c.members.toLocaleString('ja-JP')}</span>
              <span className="stat-label">人（対象者）</span>
            </div>
            <div className="stat" aria-label="世帯">
              <span className="stat-value">{c.households.toLocaleString('ja-JP')}</span>
              <span className="stat-label">世帯</span>
            </div>
          </div>
          {c.direct > 0 && (
            <p className="direct-note" aria-label="直送">
              うち直送 {c.direct}通（送付先が自宅などの封筒は保険者から直接送られ、箱に入っていません。未配付には数えません）
            </p>
          )}
          {c.knownMembers > 0 && (
            <details className="known">
              <summary>以前のリストで取込済みの対象者 {c.knownMembers}人は追加しません</summary>
              <ul>
                {preview.knownMembers.map((k) => (
                  <li key={k.row}>
                    {k.row}行目 {k.name}（{k.fileName}、{(k.receivedOn ?? k.importedAt).slice(0, 10)}）
                  </li>
                ))}
              </ul>
            </details>
          )}
          <table className="grid small" aria-label="所属ごとの件数">
            <thead>
              <tr>
                <th>所属</th>
                <th className="num">封筒</th>
                <th className="num">対象者</th>
              </tr>
            </thead>
            <tbody>
              {preview.byDept.map((d) => (
                <tr key={d.deptCode}>
                  <td>
                    {d.deptCode || '（所属なし）'} {d.deptName}
                  </td>
                  <td className="num">{d.envelopes}</td>
                  <td className="num">{d.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="panel wide" aria-label="取り込まない行">
        <h3>
          取り込まない行 <span className={preview.problems.length ? 'count bad' : 'count'}>{preview.problems.length}件</span>
        </h3>
        {preview.problems.length === 0 ? (
          <p className="muted">問題のある行はありません。</p>
        ) : (
          <table className="grid small problems">
            <thead>
              <tr>
                <th className="num">行</th>
                <th>理由</th>
              </tr>
            </thead>
            <tbody>
              {preview.problems.map((p, i) => (
                <tr key={`${p.row}-${i}`}>
                  <td className="num">{p.row}行目</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview.joinedRows.length > 0 && (
          <p className="muted" aria-label="折り返しの結合">
            折り返しを結合しました（氏名が長く次の行に続いていた行を、上の行の氏名につなげて取り込みます）:{' '}
            {preview.joinedRows.map((j) => `${j.row}行目→${j.into}行目`).join('、')}
          </p>
        )}
        {preview.mergedDuplicates.length > 0 && (
          <p className="muted">
            まったく同じ行は1件として取り込みます:{' '}
            {preview.mergedDuplicates.map((d) => `${d.row}行目（${d.sameAs}行目と同じ）`).join('、')}
          </p>
        )}
      </div>

      {/* The bar rides in the sticky footer with the buttons: beside it, the footer covered it when the
          page ended near the bottom of the window. */}
      <div className="sticky-actions">
        <JobProgressBar kinds={WRITING} active={busy === 'committing'} />
        <div className="actions">
          <button type="button" onClick={cancel} disabled={busy === 'committing'}>
            キャンセル
          </button>
          <button type="button" className="primary" disabled={blocked || busy === 'committing'} onClick={() => void commit()}>
            {busy === 'committing'
              ? '取り込み中…'
              : preview.problems.length > 0
                ? `問題のない ${c.envelopes}通を取り込む`
                : `${c.envelopes}通を取り込む`}
          </button>
        </div>
      </div>
    </div>
  );
}
