import { useEffect, useState } from 'react';
import type { JobKind, JobProgress } from '../../shared/jobs';
import { api } from '../api';

/** How often the bar asks main how far the job is: smooth enough to watch, a trifle for the desk's thread. */
const POLL_MS = 250;

const number = (n: number) => n.toLocaleString('ja-JP');

function remaining(ms: number | null): string | null {
  if (ms === null) return null;
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `残り約${s}秒` : `残り約${Math.ceil(s / 60)}分`;
}

/**
 * Progress of the long jobs of `kinds` (run in the job worker) while `active`: phase, counts, time left
 * where it can be told, and 中止 while nothing is written yet.
 */
export function JobProgressBar({ kinds, active }: { kinds: readonly JobKind[]; active: boolean }) {
  const [jobs, setJobs] = useState<JobProgress[]>([]);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (!active) {
      setJobs([]);
      return;
    }
    let stopped = false;
    const poll = async () => {
      const r = await api().jobProgress();
      if (stopped) return;
      if (r.ok) setJobs(r.value.filter((j) => kinds.includes(j.kind)));
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    let timer = setTimeout(() => void poll(), 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, kinds]);

  const cancel = async (id: number) => {
    const r = await api().cancelJob({ id });
    if (!r.ok) setNote(r.error);
  };

  if (!active || jobs.length === 0) return note ? <p className="message error">{note}</p> : null;
  return (
    <div className="job-progress" data-testid="job-progress">
      {jobs.map((j) => {
        const share = j.total > 0 ? Math.min(1, j.done / j.total) : null;
        const left = remaining(j.remainingMs);
        return (
          <div key={j.id} className="job">
            <div className="job-text">
              <strong>{j.label}</strong>：{j.phase}
              {j.total > 0 && `（${number(j.done)} / ${number(j.total)}件）`}
              {left && ` ${left}`}
            </div>
            <div
              className="job-bar"
              role="progressbar"
              aria-label={`${j.label} ${j.phase}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={share === null ? undefined : Math.round(share * 100)}
            >
              <div className={share === null ? 'job-fill busy' : 'job-fill'} style={{ width: share === null ? '100%' : `${share * 100}%` }} />
            </div>
            {j.cancellable && (
              <button type="button" onClick={() => void cancel(j.id)}>
                中止
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
