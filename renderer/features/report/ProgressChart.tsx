import type { ProgressGroup } from '../../../shared/progress';

const PARTS: { key: keyof ProgressGroup; label: string; className: string }[] = [
  { key: 'handedOver', label: '配付済', className: 'bar-handed' },
  { key: 'returned', label: '返送済', className: 'bar-returned' },
  { key: 'toReturn', label: '返送対象', className: 'bar-to-return' },
  { key: 'onHold', label: '保留', className: 'bar-hold' },
  { key: 'pending', label: '未配付', className: 'bar-pending' },
  { key: 'direct', label: '直送', className: 'bar-direct' },
];

/** One stacked bar per group: where the clerk would rather look than read. */
export function ProgressChart({ groups, label }: { groups: ProgressGroup[]; label: string }) {
  return (
    <div className="chart" role="table" aria-label={label}>
      <div className="chart-legend" aria-hidden="true">
        {PARTS.map((p) => (
          <span key={p.key}>
            <i className={p.className} /> {p.label}
          </span>
        ))}
      </div>
      {groups.map((g) => {
        const done = g.handedOver + g.returned;
        // 直送 envelopes never reach the clerk: the share done is of what came in the box.
        const inBox = g.total - g.direct;
        return (
          <div key={g.key} className="chart-row" role="row">
            <span className="chart-label" role="rowheader">
              {g.label || '（なし）'}
            </span>
            <span className="chart-bar" role="cell" aria-label={PARTS.map((p) => `${p.label} ${g[p.key]}`).join('、')}>
              {PARTS.map((p) =>
                (g[p.key] as number) > 0 ? (
                  <span key={p.key} className={p.className} style={{ width: `${((g[p.key] as number) / g.total) * 100}%` }} title={`${p.label} ${g[p.key]}`} />
                ) : null,
              )}
            </span>
            <span className="chart-figure" role="cell">
              {inBox > 0 ? Math.round((done / inBox) * 100) : 100}%（残り {g.pending + g.onHold + g.toReturn}）
            </span>
          </div>
        );
      })}
    </div>
  );
}
