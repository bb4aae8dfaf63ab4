import { Column, Entity } from 'typeorm';
import { JsonColumn, TenantEntity } from '@tongdao/persistence';

/** One buyer of the merchant, whatever channels they buy on. */
@Entity('customers')
export class CustomerRow extends TenantEntity {
  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @JsonColumn('tags')
  tags: string[];
}

export const IDENTITY_KINDS = [
  'taobao_open_id',
  'taobao_nick',
  'wechat_openid',
  'wechat_unionid',
  'weibo_uid',
  'phone',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** How a channel knows the customer; (merchant, kind, value) is unique, so one identity is one customer. */
@Entity('customer_identities')
export class CustomerIdentityRow extends TenantEntity {
  @Column({ name: 'customer_id', type: 'varchar', length: 26 })
  customerId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: IdentityKind;

  @Column({ type: 'varchar', length: 128 })
  value: string;

  @Column({ name: 'channel_account_id', type: 'varchar', length: 26, nullable: true })
  channelAccountId: string | null;
}
