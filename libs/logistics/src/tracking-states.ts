/**
 * Where a parcel is, in our words. `pending` until the tracker has told us anything; the rest follow the
 * tracker's state codes (PROTOCOLS §5.3).
 */
export const TRACKING_STATES = [
  'pending',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'returned',
] as const;
export type TrackingState = (typeof TRACKING_STATES)[number];

/** The states a buyer hears about on their own channel. */
export const NOTICE_STATES: readonly TrackingState[] = ['out_for_delivery', 'delivered', 'exception'];

/**
 * Kuaidi100 main states: 0 在途, 1 揽收, 7 转投, 8 清关 and customs 10–12 are on the way; 5 派件 out for
 * delivery; 3 签收 delivered; 2 疑难 and 13 清关异常 need attention; 4 退签, 6 退回 and 14 拒签 mean the parcel
 * goes (or went) back to the sender.
 */
const MAIN_STATES: Readonly<Record<string, TrackingState>> = {
  '0': 'in_transit',
  '1': 'in_transit',
  '7': 'in_transit',
  '8': 'in_transit',
  '10': 'in_transit',
  '11': 'in_transit',
  '12': 'in_transit',
  '13': 'exception',
  '5': 'out_for_delivery',
  '3': 'delivered',
  '2': 'exception',
  '4': 'returned',
  '6': 'returned',
  '14': 'returned',
};

/**
 * A tracker state code (main, or an advanced `resultv2=4` sub-state) → ours; null for a code we do not know,
 * which leaves the parcel's state as it was. Sub-states carry their main state in front: 101–103 → 1,
 * 201… → 2, 301–304 → 3, 401 → 4, 501 → 5; 1001–1003 are stages of 0 在途.
 */
export function trackingStateOf(code: string | number | null | undefined): TrackingState | null {
  if (code === null || code === undefined) return null;
  const text = String(code).trim();
  if (!/^\d{1,4}$/.test(text)) return null;
  if (MAIN_STATES[text]) return MAIN_STATES[text];
  if (text.length === 4 && text.startsWith('10')) return 'in_transit';
  if (text.length === 3) return MAIN_STATES[text[0]] ?? null;
  return null;
}
