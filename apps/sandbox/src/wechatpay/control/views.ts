import { Merchant, Notification, Refund, Transaction } from '../state/model';
import { PlatformKey } from '../state/store';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function merchantView(merchant: Merchant, platform: PlatformKey): Record<string, unknown> {
  return {
    mchid: merchant.mchid,
    appid: merchant.appid,
    apiV3Key: merchant.apiV3Key,
    merchantSerial: merchant.merchantSerial,
    merchantPrivateKeyPem: merchant.merchantPrivateKeyPem,
    merchantPublicKeyPem: merchant.merchantPublicKeyPem,
    platformSerial: platform.serial,
    platformPublicKeyPem: platform.publicKeyPem,
    settings: merchant.settings,
  };
}

export function transactionView(tx: Transaction): Record<string, unknown> {
  return {
    ...tx,
    timeExpire: iso(tx.timeExpire),
    successTime: iso(tx.successTime),
    createdAt: iso(tx.createdAt),
    payAt: iso(tx.payAt),
  };
}

export function refundControlView(refund: Refund): Record<string, unknown> {
  return { ...refund, createdAt: iso(refund.createdAt), successTime: iso(refund.successTime) };
}

export function notificationView(n: Notification): Record<string, unknown> {
  return {
    ...n,
    createdAt: iso(n.createdAt),
    finishedAt: iso(n.finishedAt),
    nextAttemptAt: iso(n.nextAttemptAt),
    attempts: n.attempts.map((a) => ({ ...a, startedAt: iso(a.startedAt) })),
  };
}
