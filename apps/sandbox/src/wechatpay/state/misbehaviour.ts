/** Per-merchant faults in the notifications the sandbox sends. Everything off by default. */
export interface WechatpayMisbehaviour {
  /** Each notification is delivered this many extra times, byte-identical body, after the first is settled. */
  duplicateNotifications?: number;
  /** Added to `amount.total` and `amount.payer_total` inside the encrypted transaction; still correctly signed. */
  tamperAmountFen?: number;
  /** The Wechatpay-Signature does not verify (a valid signature of other bytes). */
  badSignature?: boolean;
  /** Wechatpay-Timestamp is this many seconds in the past (correctly signed), as a replayed notification. */
  staleTimestampSeconds?: number;
  /** Refunds end in this state instead of SUCCESS. */
  refundOutcome?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
}

/** Which switches a notification went out under, recorded on it. */
export function faultNames(config: WechatpayMisbehaviour): string[] {
  const out: string[] = [];
  if (config.tamperAmountFen) out.push('tamperAmount');
  if (config.badSignature) out.push('badSignature');
  if (config.staleTimestampSeconds) out.push('staleTimestamp');
  return out;
}
