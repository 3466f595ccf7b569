/**
 * 交付書類: what an envelope holds. Lists word it variously (お知らせ, 資格情報のお知らせ, 確認書, 資格確認書);
 * the two documents of the 2024/2025 switch are named the same way everywhere in the app, anything else is
 * kept as the list wrote it.
 */
export const DOCUMENT_KINDS = ['資格情報のお知らせ', '資格確認書'] as const;

export function documentKindOf(text: string): string {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return '';
  if (t.includes('お知らせ')) return '資格情報のお知らせ';
  if (t.includes('確認書')) return '資格確認書';
  return text.trim();
}

/** One envelope may hold a household's papers: each kind once, in the order the list has them. */
export function envelopeDocumentKind(members: readonly { documentKind: string }[]): string {
  const kinds: string[] = [];
  for (const m of members) {
    const k = documentKindOf(m.documentKind);
    if (k && !kinds.includes(k)) kinds.push(k);
  }
  return kinds.join('・');
}
