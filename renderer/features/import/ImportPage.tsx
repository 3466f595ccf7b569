import { useEffect, useState, type DragEvent } from 'react';
import { BoxCheckPanel } from './BoxCheckPanel';
import { useAppStore } from '../../app/store';
import { DropZone } from './DropZone';
import { PreviewView } from './PreviewView';
import { ShipmentHistory } from './ShipmentHistory';
import { useImportStore } from './store';

export function ImportPage() {
  const preview = useImportStore((s) => s.preview);
  const summary = useImportStore((s) => s.summary);
  const error = useImportStore((s) => s.error);
  const openFile = useImportStore((s) => s.openFile);
  const loadShipments = useImportStore((s) => s.loadShipments);
  const go = useAppStore((s) => s.go);
  const [boxCheck, setBoxCheck] = useState<number | null>(null);
  useEffect(() => {
    void loadShipments();
  }, [loadShipments]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) void openFile(f);
  };

  return (
    <section className="page" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} aria-label="取込">
      <h2>送付対象者リストの取込</h2>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      {summary && (
        <div className="message success done" role="status">
          <p>
            {summary.insurerName}のリストから 封筒 <strong>{summary.counts.envelopes}</strong>通（対象者 {summary.counts.members}人・
            {summary.counts.households}世帯）を取り込みました。
            {summary.problems.length > 0 && ` 問題のある ${summary.problems.length}行は取り込んでいません。`}
          </p>
          <button type="button" className="primary" onClick={() => go('handover')}>
            配付をはじめる
          </button>
        </div>
      )}
      {boxCheck !== null && <BoxCheckPanel key={boxCheck} shipmentId={boxCheck} onClose={() => setBoxCheck(null)} />}
      {preview ? <PreviewView preview={preview} /> : <DropZone />}
      <ShipmentHistory onBoxCheck={setBoxCheck} />
    </section>
  );
}
