/**
 * Search-as-you-type over names (kanji, kana of either width, hiragana), 記号番号 and 所属.
 * An in-memory index of the folded texts: scanning 100,000 short strings with indexOf takes a few
 * milliseconds, where SQLite's LIKE '%…%' must read every row from the table.
 */
import type { EnvelopeView, SearchHit } from '../../../shared/handover';
import { searchKey } from '../../domain/normalize';
import type { ServiceContext } from '../context';
import { householdEnvelopeIds, householdOfEnvelope } from '../lists/keys';
import { envelopeViews } from './views';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

interface SearchIndex {
  stamp: IndexStamp;
  count: number;
  memberIds: Int32Array;
  envelopeIds: Int32Array;
  texts: string[];
}

/** What the visible members were when an index was built. */
interface IndexStamp {
  /** Visible members, kept by migration 5/8's triggers (a list being copied in is not counted). */
  visible: number;
  /** The highest member id, visible or not. */
  maxId: number;
  /** The shipments being copied in (db/staging.ts), as a list of ids; '' when none. */
  staging: string;
}

// Keyed by the open database, not the context: a restored or replaced database starts with no index.
const indexes = new WeakMap<ServiceContext['db'], SearchIndex>();

/**
 * Whether an index still holds exactly the visible members. They change when a list is stored (the count
 * grows), when a staged list becomes visible or is removed (the staging set changes, though the highest id
 * may not), or when members are purged and others imported (the highest id changes; finish also forgets
 * the index). While a list is being copied in, its slices raise the highest id without changing anything
 * visible: then the id is not compared, or every keystroke would re-read 100,000 rows during an import.
 */
function stillCurrent(built: IndexStamp, now: IndexStamp): boolean {
  return built.visible === now.visible && built.staging === now.staging && (built.maxId === now.maxId || now.staging !== '');
}

function currentIndex(ctx: ServiceContext): SearchIndex {
  const stamp = prepareCached<[], IndexStamp>(
    ctx.db,
    `SELECT (SELECT n FROM member_count WHERE id = 1) AS visible, (SELECT COALESCE(MAX(id), 0) FROM members) AS maxId,
            (SELECT COALESCE(GROUP_CONCAT(shipment_id), '') FROM staging_shipments) AS staging`,
  ).get()!;
  const cached = indexes.get(ctx.db);
  if (cached && stillCurrent(cached.stamp, stamp)) return cached;
  const rows = prepareCached(ctx.db, `SELECT id, envelope_id, search_text FROM members WHERE ${visibleShipment('shipment_id')} ORDER BY id`)
    .raw()
    .all() as [number, number, string][];
  const index: SearchIndex = {
    stamp,
    count: rows.length,
    memberIds: Int32Array.from(rows, (r) => r[0]),
    envelopeIds: Int32Array.from(rows, (r) => r[1]),
    texts: rows.map((r) => r[2]),
  };
  indexes.set(ctx.db, index);
  return index;
}

/** After personal data is purged: the names must leave memory too, and ids restart from 1. */
export function forgetSearchIndex(ctx: ServiceContext): void {
  indexes.delete(ctx.db);
}

/** Distinct envelope ids whose members match, names starting with the query first. */
export function searchEnvelopeIds(ctx: ServiceContext, query: string, limit: number): { envelopeId: number; memberId: number }[] {
  const q = searchKey(query);
  if (q === '') return [];
  const index = currentIndex(ctx);
  const prefix: { envelopeId: number; memberId: number }[] = [];
  const other: { envelopeId: number; memberId: number }[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < index.count; i++) {
    const text = index.texts[i]!;
    const at = text.indexOf(q);
    if (at < 0) continue;
    const envelopeId = index.envelopeIds[i]!;
    if (seen.has(envelopeId)) continue;
    seen.add(envelopeId);
    // A name that starts with the query (at 0 or right after a field tab) ranks first.
    (at === 0 || text[at - 1] === '\t' ? prefix : other).push({ envelopeId, memberId: index.memberIds[i]! });
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...other].slice(0, limit);
}

export function search(ctx: ServiceContext, query: string, limit = 50): SearchHit[] {
  const ids = searchEnvelopeIds(ctx, query, limit);
  const views = new Map<number, EnvelopeView>(envelopeViews(ctx.db, ids.map((i) => i.envelopeId)).map((v) => [v.id, v]));
  return ids.flatMap((i) => {
    const envelope = views.get(i.envelopeId);
    if (!envelope) return [];
    const household = householdOfEnvelope(ctx.db, envelope.id);
    return [{ envelope, memberId: i.memberId, householdEnvelopeIds: household ? householdEnvelopeIds(ctx.db, household) : [envelope.id] }];
  });
}
