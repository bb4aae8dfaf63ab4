import { Column, Entity } from 'typeorm';
import { ChannelAccountStatus, ChannelType } from '@tongdao/catalog';
import { JsonColumn, RefColumn, TenantEntity } from '@tongdao/persistence';

/** One connected place a merchant sells: a Taobao store, a WeChat official account, a Weibo account. */
@Entity('channel_accounts')
export class ChannelAccount extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @Column({ type: 'varchar', length: 16 })
  type: ChannelType;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  status: ChannelAccountStatus;

  /** The platform's own id of the account (Taobao seller nick/id, WeChat appid …), once connected. */
  @Column({ name: 'external_id', type: 'varchar', length: 100, nullable: true })
  externalId: string | null;

  /** Per-type, non-secret settings. Credentials will live elsewhere (the channel issues). */
  @JsonColumn('settings')
  settings: Record<string, unknown>;

  /** Credentials (app secret, session key …) sealed by ChannelSecrets; never returned by the API. */
  @Column({ type: 'text', nullable: true, select: true })
  secrets: string | null;
}
