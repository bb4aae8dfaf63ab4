import { createPublicKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WechatAccounts, WechatPayClient, WechatPayNotificationKeys } from '@tongdao/channels';
import { Id, RequestContext } from '@tongdao/kernel';
import { WechatPayMerchantRow } from './wechatpay-merchant.entity';
import { WechatPayMerchants } from './wechatpay-merchants.service';

/** A channel account's WeChat Pay, ready to call and to check notifications with. */
export interface WechatPayAccount {
  merchantId: Id;
  channelAccountId: Id;
  mchid: string;
  appid: string;
  client: WechatPayClient;
  keys: WechatPayNotificationKeys;
}

/** A slow platform must not hold a buyer's tap (or a job) for long; WeChat answers in well under a second. */
const CALL_TIMEOUT_MS = 5000;
/** The appid comes from the official account, which can be reconnected without a WeChat Pay change. */
const APPID_TTL_MS = 5 * 60_000;

/**
 * One WeChatPayClient per account and credential version, kept in memory: unsealing and parsing two RSA keys
 * costs more than the database read that tells whether the cached one is still current.
 */
@Injectable()
export class WechatPayClients {
  private readonly cache = new Map<Id, { version: string; until: number; account: WechatPayAccount }>();

  constructor(
    private readonly merchants: WechatPayMerchants,
    private readonly wechat: WechatAccounts,
  ) {}

  /** The tenant's account; 404 `wechatpay_not_configured` when it takes no WeChat Pay. */
  async forAccount(ctx: RequestContext, channelAccountId: Id): Promise<WechatPayAccount> {
    return this.build(ctx, await this.merchants.configuredForPayments(ctx, channelAccountId));
  }

  /** For a notification, which names only the account: null when no such account takes WeChat Pay. */
  async forNotification(channelAccountId: string): Promise<WechatPayAccount | null> {
    const row = await this.merchants.configuredAnyTenant(channelAccountId);
    if (!row) return null;
    return this.build(RequestContext.system(row.merchantId, `wechatpay:${channelAccountId}`), row);
  }

  private async build(ctx: RequestContext, row: WechatPayMerchantRow): Promise<WechatPayAccount> {
    // The row id too: credentials deleted and configured again start over at version 1.
    const version = `${row.id}:${row.version}`;
    const hit = this.cache.get(row.channelAccountId);
    if (hit && hit.version === version && hit.until > Date.now()) return hit.account;
    const keys = this.merchants.open(row);
    const { appId } = await this.wechat.credentials(ctx, row.channelAccountId);
    const account: WechatPayAccount = {
      merchantId: row.merchantId,
      channelAccountId: row.channelAccountId,
      mchid: row.mchid,
      appid: appId,
      client: new WechatPayClient({
        baseUrl: row.apiBaseUrl,
        mchid: row.mchid,
        appid: appId,
        merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
        merchantSerial: row.merchantSerial,
        platformPublicKeyPem: keys.platformPublicKeyPem,
        platformSerial: row.platformSerial,
        apiV3Key: keys.apiV3Key,
        timeoutMs: CALL_TIMEOUT_MS,
      }),
      keys: {
        platformPublicKeyPem: createPublicKey(keys.platformPublicKeyPem),
        platformSerial: row.platformSerial,
        apiV3Key: keys.apiV3Key,
      },
    };
    this.cache.set(row.channelAccountId, { version, until: Date.now() + APPID_TTL_MS, account });
    return account;
  }
}
