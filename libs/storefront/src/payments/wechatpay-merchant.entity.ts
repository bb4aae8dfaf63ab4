import { Column, Entity, Index } from 'typeorm';
import { IntColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/**
 * The WeChat Pay merchant account (商户号) a shop's WeChat official account takes payments with. Identifiers in
 * the clear; the merchant private key, the APIv3 key and the platform public key sealed by ChannelSecrets.
 * `version` grows with every change so cached clients (parsed RSA keys) know when they are stale.
 */
@Entity('store_wechatpay_merchants')
@Index('uq_store_wechatpay_merchants_account', ['channelAccountId'], { unique: true })
export class WechatPayMerchantRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ type: 'varchar', length: 32 })
  mchid: string;

  @Column({ name: 'merchant_serial', type: 'varchar', length: 64 })
  merchantSerial: string;

  @Column({ name: 'platform_serial', type: 'varchar', length: 64 })
  platformSerial: string;

  @Column({ name: 'api_base_url', type: 'varchar', length: 300 })
  apiBaseUrl: string;

  @Column({ type: 'text' })
  sealed: string;

  @IntColumn('version')
  version: number;

  @UtcColumn('configured_at')
  configuredAt: Date;
}
