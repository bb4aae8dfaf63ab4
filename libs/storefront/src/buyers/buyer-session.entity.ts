import { Column, Entity, Index } from 'typeorm';
import { RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/**
 * One signed-in buyer of one shop's WeChat storefront. The bearer token is kept only as its SHA-256, so a
 * database leak yields no usable session; signing out deletes the row.
 */
@Entity('store_buyer_sessions')
@Index('uq_store_buyer_sessions_token_hash', ['tokenHash'], { unique: true })
export class StoreBuyerSessionRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('customer_id')
  customerId: string;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  /** From /sns/userinfo when the buyer agreed to snsapi_userinfo; null after a silent snsapi_base sign-in. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  nickname: string | null;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @UtcColumn('expires_at')
  expiresAt: Date;
}
