/**
 * 送付先 / 送付区分: whether an envelope came in the box for the clerk to hand over, or the insurer sends it
 * straight to the member's home (直送). Members who keep their insurance after leaving (任意継続) and
 * insurers that mail to the home word it variously: 自宅, 直送, 被保険者宅, 個人宅 … A value that names
 * the employer (事業所, 事業主, 会社) or says nothing is the box.
 */
import type { Delivery } from '../../../shared/domain';

const DIRECT_WORDS = ['直送', '自宅', '任意継続', '被保険者宅', '本人宅', '個人宅', '個人あて', '個人宛', '住所地', '個別送付'];

export function deliveryOf(text: string): Delivery {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  return DIRECT_WORDS.some((w) => t.includes(w)) ? 'direct' : 'box';
}

/** An envelope is 直送 when the list says so for every member in it: one row saying 事業所 keeps it in the box. */
export function envelopeDelivery(members: readonly { delivery: string }[]): Delivery {
  return members.length > 0 && members.every((m) => deliveryOf(m.delivery) === 'direct') ? 'direct' : 'box';
}
