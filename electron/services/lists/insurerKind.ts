/**
 * The kind of insurer a 保険者番号 belongs to, from its 法別番号 (the first two of its eight digits; the
 * table of the 保険者番号等の設定要領 used for medical claims). A list with a number but no name gets the
 * kind as a proposal for the clerk to complete, rather than 保険者名なし. 国民健康保険 numbers have six
 * digits and no 法別番号.
 */
const BY_LAW_NUMBER: Record<string, string> = {
  '01': '協会けんぽ',
  '02': '船員保険',
  '03': '協会けんぽ（日雇特例）',
  '04': '協会けんぽ（日雇特例）',
  '06': '健康保険組合',
  '07': '自衛官等',
  '31': '国家公務員共済組合',
  '32': '地方公務員等共済組合',
  '33': '警察共済組合',
  '34': '公立学校共済組合・私学共済',
  '39': '後期高齢者医療広域連合',
  '63': '特定健康保険組合',
  '72': '国家公務員特定共済組合',
  '73': '地方公務員等特定共済組合',
  '74': '警察特定共済組合',
  '75': '公立学校・私学特定共済組合',
};

export function insurerKindOf(insurerNumber: string | null): string | null {
  const digits = (insurerNumber ?? '').normalize('NFKC').replace(/\D/g, '');
  if (digits.length === 6) return '国民健康保険';
  if (digits.length !== 8) return null;
  return BY_LAW_NUMBER[digits.slice(0, 2)] ?? null;
}

/**
 * The name to propose for a list without 保険者名: 協会けんぽ as it is known; any other kind with its
 * number, so two unnamed 健康保険組合 stay two insurers until the clerk names them.
 */
export function proposedInsurerName(insurerNumber: string | null): string | null {
  const kind = insurerKindOf(insurerNumber);
  if (kind === null) return null;
  return kind === '協会けんぽ' ? kind : `${kind}（${insurerNumber}）`;
}
