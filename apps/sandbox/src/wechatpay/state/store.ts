import { Injectable } from '@nestjs/common';
import { SeededRandom } from '../../shared/random';
import { generateRsaKeyPair, RsaKeyPair } from '../wire/crypto';
import { WechatpayMisbehaviour } from './misbehaviour';
import { CallRecord, Merchant, MerchantSettings, Notification, Refund, Transaction } from './model';

const LOG_LIMIT = 20_000;
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const DEFAULT_SETTINGS: MerchantSettings = {
  retryScale: Number(process.env.SANDBOX_WECHATPAY_RETRY_SCALE ?? 1),
  notifyTimeoutMs: Number(process.env.SANDBOX_WECHATPAY_NOTIFY_TIMEOUT_MS ?? 5000),
  refundDelayMs: 0,
};

export interface CreateMerchantInput {
  mchid?: string;
  appid?: string;
  apiV3Key?: string;
  merchantPublicKeyPem?: string;
  merchantSerial?: string;
  settings?: Partial<MerchantSettings>;
}

export interface PlatformKey extends RsaKeyPair {
  serial: string;
}

/**
 * Everything the simulated WeChat Pay knows, in memory. Ids, keys' serials, nonces and the APIv3 key come from one
 * seeded PRNG; the RSA key pairs come from node:crypto and so differ run to run.
 */
@Injectable()
export class WechatpayStore {
  seed = 1;
  rng = new SeededRandom(1);
  readonly merchants = new Map<string, Merchant>();
  /** By `mchid/out_trade_no`. */
  readonly transactions = new Map<string, Transaction>();
  /** By `mchid/out_refund_no`. */
  readonly refunds = new Map<string, Refund>();
  readonly misbehaviour = new Map<string, WechatpayMisbehaviour>();
  notifications: Notification[] = [];
  calls: CallRecord[] = [];
  private platform?: PlatformKey;
  private sequence = 0;

  constructor() {
    this.reset(Number(process.env.SANDBOX_WECHATPAY_SEED ?? 1));
  }

  reset(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    this.merchants.clear();
    this.transactions.clear();
    this.refunds.clear();
    this.misbehaviour.clear();
    this.notifications = [];
    this.calls = [];
    this.sequence = 0;
  }

  /** The platform's signing key, made on first use so that suites of other simulators do not pay for it. */
  platformKey(): PlatformKey {
    this.platform ??= { ...generateRsaKeyPair(), serial: this.rng.hex(40).toUpperCase() };
    return this.platform;
  }

  createMerchant(input: CreateMerchantInput): Merchant {
    const mchid = input.mchid ?? `16${this.rng.digits(8)}`;
    if (this.merchants.has(mchid)) throw new Error(`merchant ${mchid} exists`);
    const generated = input.merchantPublicKeyPem ? undefined : generateRsaKeyPair();
    const merchant: Merchant = {
      mchid,
      appid: input.appid ?? `wx${this.rng.hex(16)}`,
      apiV3Key: input.apiV3Key ?? this.rng.chars(32, KEY_CHARS),
      merchantSerial: input.merchantSerial ?? this.rng.hex(40).toUpperCase(),
      merchantPublicKeyPem: input.merchantPublicKeyPem ?? generated!.publicKeyPem,
      merchantPrivateKeyPem: generated?.privateKeyPem,
      settings: { ...DEFAULT_SETTINGS, ...input.settings },
      createdAt: Date.now(),
    };
    this.merchants.set(mchid, merchant);
    return merchant;
  }

  transaction(mchid: string, outTradeNo: string): Transaction | undefined {
    return this.transactions.get(`${mchid}/${outTradeNo}`);
  }

  addTransaction(tx: Transaction): void {
    this.transactions.set(`${tx.mchid}/${tx.outTradeNo}`, tx);
  }

  refund(mchid: string, outRefundNo: string): Refund | undefined {
    return this.refunds.get(`${mchid}/${outRefundNo}`);
  }

  addRefund(refund: Refund): void {
    this.refunds.set(`${refund.mchid}/${refund.outRefundNo}`, refund);
  }

  misbehaviourOf(mchid: string): WechatpayMisbehaviour {
    return this.misbehaviour.get(mchid) ?? {};
  }

  addNotification(notification: Notification): void {
    this.notifications.push(notification);
    if (this.notifications.length > LOG_LIMIT)
      this.notifications.splice(0, this.notifications.length - LOG_LIMIT);
  }

  record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > LOG_LIMIT) this.calls.splice(0, this.calls.length - LOG_LIMIT);
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  prepayId(now: number): string {
    const stamp = new Date(now + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    return `wx${stamp}${this.rng.hex(20)}`;
  }

  transactionId(now: number): string {
    const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
    return `4200${this.rng.digits(6)}${day}${this.rng.digits(10)}`;
  }

  refundId(): string {
    return `50${this.rng.digits(27)}`;
  }

  nonce(length = 32): string {
    return this.rng.chars(length, KEY_CHARS);
  }
}
