import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/** Lifecycle of one push: stored in the request, then processed once by the queue. */
export type InboundStatus = 'received' | 'processed';

/** One push from WeChat as received (a user message or an event), unique per (account, dedup key). */
@Entity('wechat_inbound_messages')
export class WechatInboundMessageRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  /** MsgId for messages; `FromUserName:CreateTime` for events (PROTOCOLS §1.4). */
  @Column({ name: 'dedup_key', type: 'varchar', length: 100 })
  dedupKey: string;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ name: 'msg_type', type: 'varchar', length: 32 })
  msgType: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  event: string | null;

  @Column({ name: 'event_key', type: 'varchar', length: 255, nullable: true })
  eventKey: string | null;

  /** Text content (text messages) or null. */
  @Column({ type: 'text', nullable: true })
  content: string | null;

  /** Every field of the push, as text. */
  @JsonColumn('fields')
  fields: Record<string, string>;

  /** CreateTime of the push (the platform's clock). */
  @UtcColumn('sent_at')
  sentAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: InboundStatus;

  @RefColumn('customer_id', { nullable: true })
  customerId: string | null;

  /** What the request answered (a passive reply's text), for the message log. */
  @Column({ name: 'reply_text', type: 'text', nullable: true })
  replyText: string | null;
}

/** A WeChat user's follow state on one account, linked to the CRM customer. */
@Entity('wechat_followers')
export class WechatFollowerRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  @RefColumn('customer_id', { nullable: true })
  customerId: string | null;

  @Column({ type: 'boolean' })
  subscribed: boolean;

  /** The QR scene that brought the follower (campaign attribution); kept across later scans. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  scene: string | null;

  @UtcColumn('subscribed_at', { nullable: true })
  subscribedAt: Date | null;

  @UtcColumn('unsubscribed_at', { nullable: true })
  unsubscribedAt: Date | null;

  /** CreateTime of the newest follow event applied; older ones arriving late do not overwrite it. */
  @UtcColumn('state_at', { nullable: true })
  stateAt: Date | null;
}

/** A follower action worth keeping on the customer's timeline: subscribe, unsubscribe, SCAN, CLICK, VIEW. */
@Entity('wechat_customer_events')
export class WechatCustomerEventRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('inbound_message_id')
  inboundMessageId: string;

  @RefColumn('customer_id', { nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ type: 'varchar', length: 32 })
  event: string;

  @Column({ name: 'event_key', type: 'varchar', length: 255, nullable: true })
  eventKey: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  scene: string | null;

  @UtcColumn('occurred_at')
  occurredAt: Date;
}

export type RuleMatch = 'exact' | 'contains' | 'regex';
export type RuleReply = 'text' | 'product_search';

/** A keyword auto-reply rule of one account; the lowest priority number that matches wins. */
@Entity('wechat_reply_rules')
export class WechatReplyRuleRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'match_type', type: 'varchar', length: 16 })
  matchType: RuleMatch;

  @Column({ type: 'varchar', length: 200 })
  pattern: string;

  @Column({ name: 'reply_kind', type: 'varchar', length: 16 })
  replyKind: RuleReply;

  @Column({ name: 'reply_text', type: 'text', nullable: true })
  replyText: string | null;

  @IntColumn('priority')
  priority: number;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
