import { createPrivateKey, createPublicKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChannelSecrets, WECHATPAY_DEFAULT_BASE_URL, WechatAccounts } from '@tongdao/channels';
import { AuditLog } from '@tongdao/identity';
import {
  ConflictError,
  DomainError,
  ErrorDetail,
  Id,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { WechatPayMerchantRow } from './wechatpay-merchant.entity';

export interface WechatPayMerchantInput {
  mchid: string;
  merchantSerial: string;
  merchantPrivateKeyPem: string;
  apiV3Key: string;
  platformSerial: string;
  platformPublicKeyPem: string;
  /** Default: WeChat Pay's API host; the sandbox's base URL for trying things out. */
  apiBaseUrl?: string;
}

/** What the API shows of the merchant account: identifiers only, never a key. */
export interface WechatPayMerchantView {
  channelAccountId: Id;
  mchid: string;
  merchantSerial: string;
  platformSerial: string;
  apiBaseUrl: string;
  configuredAt: string;
}

/** The sealed part. */
export interface WechatPayMerchantKeys {
  merchantPrivateKeyPem: string;
  apiV3Key: string;
  platformPublicKeyPem: string;
}

/**
 * The WeChat Pay merchant account behind a shop's WeChat official account. Only `wechat` channel accounts take
 * one; the keys are checked (they must parse as RSA keys) and sealed before they are stored.
 */
@Injectable()
export class WechatPayMerchants {
  private readonly rows: TenantRepository<WechatPayMerchantRow>;
  /** Rows read for payments and notifications in the last ROW_CACHE_MS; see `current`. */
  private readonly recent = new Map<string, { row: WechatPayMerchantRow; until: number }>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly wechat: WechatAccounts,
    private readonly secrets: ChannelSecrets,
    private readonly audit: AuditLog,
  ) {
    this.rows = new TenantRepository(tx, WechatPayMerchantRow, 'WeChat Pay merchant');
  }

  async configure(
    ctx: RequestContext,
    channelAccountId: Id,
    input: WechatPayMerchantInput,
  ): Promise<WechatPayMerchantView> {
    assertKeys(input);
    // Also the tenant, shop-scope and account-type check: 404 for another's account, 400 for a non-WeChat one.
    await this.wechat.credentials(ctx, channelAccountId);
    const keys: WechatPayMerchantKeys = {
      merchantPrivateKeyPem: input.merchantPrivateKeyPem,
      apiV3Key: input.apiV3Key,
      platformPublicKeyPem: input.platformPublicKeyPem,
    };
    const fields = {
      mchid: input.mchid,
      merchantSerial: input.merchantSerial,
      platformSerial: input.platformSerial,
      apiBaseUrl: input.apiBaseUrl ?? WECHATPAY_DEFAULT_BASE_URL,
      sealed: this.secrets.seal(JSON.stringify(keys)),
      configuredAt: new Date(),
    };
    return this.tx.run(async () => {
      const existing = await this.rows.findOne(ctx, { channelAccountId });
      const row = await this.store(ctx, channelAccountId, existing, fields);
      this.tx.afterCommit(() => void this.recent.delete(channelAccountId));
      await this.audit.record(ctx, {
        action: 'channel_account.wechatpay_configure',
        targetType: 'channel_account',
        targetId: channelAccountId,
        summary: { mchid: row.mchid, merchantSerial: row.merchantSerial, platformSerial: row.platformSerial },
      });
      return merchantView(row);
    });
  }

  private async store(
    ctx: RequestContext,
    channelAccountId: Id,
    existing: WechatPayMerchantRow | null,
    fields: Partial<WechatPayMerchantRow>,
  ): Promise<WechatPayMerchantRow> {
    if (existing)
      return this.rows.save(ctx, Object.assign(existing, fields, { version: existing.version + 1 }));
    try {
      return await this.rows.insert(ctx, { ...fields, channelAccountId, version: 1 });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(
        'concurrent_update',
        'The credentials were being changed at the same time; retry',
      );
    }
  }

  async get(ctx: RequestContext, channelAccountId: Id): Promise<WechatPayMerchantView> {
    await this.wechat.credentials(ctx, channelAccountId);
    return merchantView(await this.configured(ctx, channelAccountId));
  }

  /** Disconnects WeChat Pay: new payments are refused; notifications for this account are no longer accepted. */
  async disconnect(ctx: RequestContext, channelAccountId: Id): Promise<void> {
    await this.wechat.credentials(ctx, channelAccountId);
    await this.tx.run(async () => {
      const removed = await this.rows.delete(ctx, { channelAccountId });
      this.recent.delete(channelAccountId);
      this.tx.afterCommit(() => void this.recent.delete(channelAccountId));
      if (removed === 0) throw notConfigured(channelAccountId);
      await this.audit.record(ctx, {
        action: 'channel_account.wechatpay_disconnect',
        targetType: 'channel_account',
        targetId: channelAccountId,
        summary: {},
      });
    });
  }

  /** The stored row (404 `wechatpay_not_configured` without one), for the clients cache. */
  async configured(ctx: RequestContext, channelAccountId: Id): Promise<WechatPayMerchantRow> {
    const row = await this.rows.findOne(ctx, { channelAccountId });
    if (!row) throw notConfigured(channelAccountId);
    return row;
  }

  /** `configured` for taking payments: the same answer, from a row at most ROW_CACHE_MS old. */
  async configuredForPayments(ctx: RequestContext, channelAccountId: Id): Promise<WechatPayMerchantRow> {
    const row = await this.current(channelAccountId);
    if (!row || row.merchantId !== ctx.tenantId) throw notConfigured(channelAccountId);
    return row;
  }

  /** Tenant-less: notifications name only the account. A row at most ROW_CACHE_MS old. */
  async configuredAnyTenant(channelAccountId: string): Promise<WechatPayMerchantRow | null> {
    if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(channelAccountId)) return null;
    return this.current(channelAccountId);
  }

  /**
   * Every payment and notification needs the row (its version says whether the parsed keys are current);
   * reading it once per ROW_CACHE_MS instead of per request. Changes made in this process evict it at
   * once; one made through another api process reaches this one within ROW_CACHE_MS (a notification
   * refused meanwhile is retried by WeChat Pay).
   */
  private async current(channelAccountId: string): Promise<WechatPayMerchantRow | null> {
    const now = Date.now();
    const hit = this.recent.get(channelAccountId);
    if (hit && hit.until > now) return hit.row;
    const row = await this.tx.manager().findOne(WechatPayMerchantRow, { where: { channelAccountId } });
    if (row) this.recent.set(channelAccountId, { row, until: now + ROW_CACHE_MS });
    else this.recent.delete(channelAccountId);
    return row;
  }

  open(row: WechatPayMerchantRow): WechatPayMerchantKeys {
    return JSON.parse(this.secrets.open(row.sealed)) as WechatPayMerchantKeys;
  }
}

const ROW_CACHE_MS = 5_000;

function notConfigured(channelAccountId: Id): DomainError {
  return new DomainError(
    404,
    'wechatpay_not_configured',
    `Channel account ${channelAccountId} has no WeChat Pay merchant account`,
  );
}

function merchantView(row: WechatPayMerchantRow): WechatPayMerchantView {
  return {
    channelAccountId: row.channelAccountId,
    mchid: row.mchid,
    merchantSerial: row.merchantSerial,
    platformSerial: row.platformSerial,
    apiBaseUrl: row.apiBaseUrl,
    configuredAt: row.configuredAt.toISOString(),
  };
}

/** The shapes are checked by the DTO; here, that the keys really are RSA keys of the right kind. */
function assertKeys(input: WechatPayMerchantInput): void {
  const problems: ErrorDetail[] = [];
  const rsa = (parse: () => { asymmetricKeyType?: string }): boolean => {
    try {
      return parse().asymmetricKeyType === 'rsa';
    } catch {
      return false;
    }
  };
  if (
    !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(input.merchantPrivateKeyPem) ||
    !rsa(() => createPrivateKey(input.merchantPrivateKeyPem))
  )
    problems.push({ field: 'merchantPrivateKeyPem', problem: 'an RSA private key in PEM' });
  if (
    !/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(input.platformPublicKeyPem) ||
    !rsa(() => createPublicKey(input.platformPublicKeyPem))
  )
    problems.push({ field: 'platformPublicKeyPem', problem: 'an RSA public key (or certificate) in PEM' });
  if (!/^[A-Za-z0-9]{32}$/.test(input.apiV3Key))
    problems.push({ field: 'apiV3Key', problem: '32 letters or digits' });
  if (problems.length > 0)
    throw new ValidationFailedError(
      'validation_failed',
      'The WeChat Pay credentials are not usable',
      problems,
    );
}
