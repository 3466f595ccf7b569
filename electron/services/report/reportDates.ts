/** Dates as the completion report writes them: 西暦 (2024/08/07) or 和暦 (令和6年8月7日), on the clerk's calendar day. */
import type { Era } from '../../../shared/report';
import { localIsoDate, toWareki } from '../../domain/dates';

export const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-08-07` → `2024/08/07` or `令和6年8月7日`; anything that is not an ISO date is shown as it was entered. */
export function formatDate(iso: string, era: Era): string {
  const m = ISO_DATE_RE.exec(iso);
  if (!m) return iso;
  if (era === 'wareki') return toWareki(iso) || iso;
  return `${m[1]}/${m[2]}/${m[3]}`;
}

/** Formats event instants; a scan session shares minutes, so the cache spares most Date parsing at 100,000 rows. */
export function instantFormatter(era: Era): (at: string) => string {
  const cache = new Map<string, string>();
  return (at) => {
    // Time zones differ from UTC by whole minutes, so the minute decides the local day.
    const key = at.slice(0, 16);
    let s = cache.get(key);
    if (s === undefined) {
      const d = new Date(at);
      s = Number.isNaN(d.getTime()) ? at : formatDate(localIsoDate(d), era);
      cache.set(key, s);
    }
    return s;
  };
}

/** Reasons carry ISO dates typed on the 返送 screen (退職（2024-08-15）); the report writes them like every other date. */
export function formatDatesIn(text: string, era: Era): string {
  if (!text.includes('-')) return text;
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso) => {
    const f = formatDate(iso, era);
    // toWareki refuses impossible dates (2024-02-30): leave what the clerk typed.
    return era === 'wareki' && f === iso ? iso : f;
  });
}
