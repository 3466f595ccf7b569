import { useEffect, useState } from 'react';
import { FileButton } from '../../ui/FileButton';
import type { ApiResult } from '../../../shared/api';
import { MAX_LIST_BYTES, MAX_LIST_MB } from '../../../shared/lists';
import {
  ROSTER_FIELDS,
  ROSTER_FIELD_LABELS,
  type RosterMapping,
  type RosterNeedsInsurerInfo,
  type RosterNeedsMappingInfo,
} from '../../../shared/roster';
import { ColumnMappingFields, ColumnPreview } from '../../ui/ColumnMapping';
import { api, call } from '../../api';
import { useReturnsStore } from './store';

type Report = NonNullable<ApiResult<'rosterReport'>>;

/**
 * 社員名簿で確認: who left (their envelopes go back, after the clerk confirms), who has no envelope
 * (probably no My Number registered with the insurer), and where names differ.
 */
export function RosterPanel() {
  const run = useReturnsStore((s) => s.run);
  const [report, setReport] = useState<Report | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<{ file: RosterFile; info: RosterNeedsMappingInfo } | null>(null);
  const [choosing, setChoosing] = useState<{ file: RosterFile; mapping: RosterMapping | undefined; info: RosterNeedsInsurerInfo } | null>(null);

  const load = async () => {
    await call(
      api().rosterReport(),
      (v) => {
        if (!v) return;
        setReport(v);
        setPicked(new Set(v.proposals.map((p) => p.envelopeId)));
      },
      (text) => setNote({ kind: 'error', text }),
    );
  };
  useEffect(() => {
    void load();
  }, []);

  const open = async (f: File) => {
    if (f.size > MAX_LIST_BYTES) return setNote({ kind: 'error', text: `ファイルが大きすぎます（${MAX_LIST_MB}MBまで）: ${f.name}` });
    await submit({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  };

  const submit = async (file: RosterFile, mapping?: RosterMapping, insurerName?: string) => {
    const f = file;
    const r = await api().importRoster({ fileName: file.name, bytes: file.bytes, ...(mapping ? { mapping } : {}), ...(insurerName ? { insurerName } : {}) });
    if (!r.ok) return setNote({ kind: 'error', text: r.error });
    if (r.value.needsMapping) {
      setPending({ file, info: r.value.needsMapping });
      return setNote({ kind: 'error', text: `${r.value.needsMapping.message}。列を選んでください。` });
    }
    setPending(null);
    if (r.value.needsInsurer) {
      setChoosing({ file, mapping, info: r.value.needsInsurer });
      return setNote({ kind: 'error', text: r.value.needsInsurer.message });
    }
    setChoosing(null);
    const extra = [
      r.value.problems.length ? `問題のある${r.value.problems.length}行は読み込んでいません（${r.value.problems.map((p) => `${p.row}行目`).join('、')}）。` : '',
      r.value.ignoredColumns.length ? `個人番号の列（${r.value.ignoredColumns.join('、')}）は読み込んでいません。` : '',
    ].join('');
    setNote({ kind: 'success', text: `社員名簿 ${f.name} から ${r.value.entries}人を読み込みました。${extra}` });
    await load();
  };

  const confirm = async () => {
    const ok = await run(api().applyRetireeFlags({ envelopeIds: [...picked] }), (v) => `退職者の封筒 ${v.flagged}通を返送対象にしました。`);
    if (ok) await load();
  };

  return (
    <div className="panel wide" aria-label="社員名簿で確認">
      <h3>
        社員名簿で確認
        <FileButton className="small" label="社員名簿のファイル" accept=".xlsx,.xls,.csv,.tsv,.txt" onFile={(f) => void open(f)}>
          社員名簿を取り込む
        </FileButton>
      </h3>
      {note && (
        <p className={`message ${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {choosing && (
        <RosterInsurerForm
          info={choosing.info}
          onApply={(name) => void submit(choosing.file, choosing.mapping, name)}
          onCancel={() => (setChoosing(null), setNote(null))}
        />
      )}
      {pending && <RosterMappingForm info={pending.info} onApply={(m) => void submit(pending.file, m)} onCancel={() => (setPending(null), setNote(null))} />}
      {!report ? (
        <p className="muted">社員名簿（社員番号・氏名・在籍区分または退職日・健保記号番号）を取り込むと、退職者の封筒と、リストに載っていない社員がわかります。</p>
      ) : (
        <div className="roster-report">
          <p className="muted">
            使用中の名簿: {report.rosterFile}（{report.importedAt ? new Date(report.importedAt).toLocaleString('ja-JP') : ''}）
            {report.insurerName ? ` 保険者: ${report.insurerName}` : ''}
          </p>
          <h4>退職者の封筒（返送対象の候補） {report.proposals.length}通</h4>
          {report.proposals.length === 0 ? (
            <p className="muted">候補はありません。</p>
          ) : (
            <>
              <table className="grid small" aria-label="返送対象の候補">
                <tbody>
                  {report.proposals.map((p) => (
                    <tr key={p.envelopeId}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${p.employeeName}の封筒`}
                          checked={picked.has(p.envelopeId)}
                          onChange={() =>
                            setPicked((s) => {
                              const n = new Set(s);
                              if (!n.delete(p.envelopeId)) n.add(p.envelopeId);
                              return n;
                            })
                          }
                        />
                      </td>
                      <td>{p.employeeId}</td>
                      <td>{p.employeeName}</td>
                      <td>退職 {p.leftOn ?? ''}</td>
                      <td>
                        {p.relation}: {p.members.join('・')}
                      </td>
                      <td>{p.matchedBy === 'name' ? <span className="badge status-on_hold">氏名で照合（要確認）</span> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="action-row">
                <button type="button" className="primary" disabled={picked.size === 0} onClick={() => void confirm()}>
                  選んだ{picked.size}通を返送対象にする
                </button>
              </div>
            </>
          )}
          <h4>名簿にいるがリストに無い社員 {report.notOnList.length}人</h4>
          {report.notOnList.length > 0 && (
            <>
              <p className="field-hint">マイナンバーが保険者に登録されていない可能性があります。本人に確認してください。</p>
              <ul aria-label="リストに無い社員">
                {report.notOnList.map((e) => (
                  <li key={e.employeeId}>
                    {e.employeeId} {e.name}（{e.deptCode}）
                  </li>
                ))}
              </ul>
            </>
          )}
          <h4>氏名が名簿と異なる {report.nameMismatches.length}件</h4>
          {report.nameMismatches.length > 0 && (
            <ul>
              {report.nameMismatches.map((m) => (
                <li key={m.employeeId}>
                  {m.employeeId}: 名簿「{m.rosterName}」／リスト「{m.listName}」（{m.symbol}-{m.number}）
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>名簿に無い被保険者の封筒 {report.notInRoster.length}通</summary>
            <ul>
              {report.notInRoster.slice(0, 500).map((e) => (
                <li key={e.envelopeId}>
                  {e.symbol}-{e.number} {e.holderName}
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </div>
  );
}

type RosterFile = { name: string; bytes: Uint8Array<ArrayBuffer> };

/** The roster's 記号・番号 match several insurers' lists: the clerk says which insurer they belong to. */
function RosterInsurerForm({ info, onApply, onCancel }: { info: RosterNeedsInsurerInfo; onApply: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  return (
    <div className="mapping" aria-label="社員名簿の保険者">
      <label className="field">
        <span className="field-label">名簿の記号・番号はどの保険者のものですか</span>
        <select aria-label="名簿の保険者" value={name} onChange={(e) => setName(e.target.value)}>
          <option value="">選んでください</option>
          {info.insurers.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          キャンセル
        </button>
        <button type="button" className="primary" disabled={name === ''} onClick={() => onApply(name)}>
          この保険者で取り込む
        </button>
      </div>
    </div>
  );
}

/** The roster's columns, chosen by the clerk when 社員番号 or 氏名 was not recognised. */
function RosterMappingForm({ info, onApply, onCancel }: { info: RosterNeedsMappingInfo; onApply: (m: RosterMapping) => void; onCancel: () => void }) {
  const [mapping, setMapping] = useState<RosterMapping>(info.mapping);
  const ready = mapping.employeeId !== undefined && mapping.name !== undefined;
  return (
    <div className="mapping" aria-label="社員名簿の列の対応">
      <ColumnMappingFields
        fields={ROSTER_FIELDS}
        labels={ROSTER_FIELD_LABELS}
        required={['employeeId', 'name']}
        mapping={mapping}
        headers={info.headers}
        selectLabel={(label) => `名簿の${label}の列`}
        onChange={setMapping}
      />
      <ColumnPreview headers={info.headers} rows={info.rows} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          キャンセル
        </button>
        <button type="button" className="primary" disabled={!ready} onClick={() => onApply(mapping)}>
          この対応で取り込む
        </button>
      </div>
    </div>
  );
}
