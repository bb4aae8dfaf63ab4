import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

export const TEMPLATE_EVENTS = [
  'order.paid',
  'order.shipped',
  'shipment.out_for_delivery',
  'shipment.delivered',
  'shipment.exception',
] as const;
export type TemplateEvent = (typeof TEMPLATE_EVENTS)[number];

/** A shop's template message for one order event: which template, and what goes in each of its keywords. */
@Entity('wechat_notification_templates')
export class WechatNotificationTemplateRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @Column({ type: 'varchar', length: 32 })
  event: TemplateEvent;

  @Column({ name: 'template_id', type: 'varchar', length: 128 })
  templateId: string;

  /** keyword → text with `{{variable}}` placeholders. */
  @JsonColumn('fields')
  fields: Record<string, string>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}

export type OutboundKind = 'template' | 'custom';
export type OutboundStatus = 'sent' | 'delivered' | 'failed';

/** Every template or customer-service message we sent (or tried to) to a WeChat user. */
@Entity('wechat_outbound_messages')
export class WechatOutboundMessageRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('customer_id', { nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 128 })
  openid: string;

  @Column({ type: 'varchar', length: 16 })
  kind: OutboundKind;

  @Column({ type: 'varchar', length: 16 })
  status: OutboundStatus;

  /** WeChat's 64-bit msgid, as a decimal string. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  msgid: string | null;

  /** Our idempotency key (WeChat's `client_msg_id` for templates): one row per intended message. */
  @Column({ name: 'client_msg_id', type: 'varchar', length: 64 })
  clientMsgId: string;

  /** A TemplateEvent (`order.paid`, `shipment.delivered` …), or `staff` for a customer-service reply. */
  @Column({ type: 'varchar', length: 32 })
  source: string;

  @RefColumn('order_id', { nullable: true })
  orderId: string | null;

  @RefColumn('staff_id', { nullable: true })
  staffId: string | null;

  @JsonColumn('payload')
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  /** When WeChat reported the delivery result (TEMPLATESENDJOBFINISH). */
  @UtcColumn('finished_at', { nullable: true })
  finishedAt: Date | null;
}

/** A parametric QR code of an official account; its scene attributes the followers it brings. */
@Entity('wechat_qr_codes')
export class WechatQrCodeRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ type: 'varchar', length: 64 })
  scene: string;

  @Column({ type: 'boolean', default: false })
  permanent: boolean;

  @Column({ type: 'varchar', length: 255 })
  ticket: string;

  @Column({ type: 'varchar', length: 255 })
  url: string;

  @IntColumn('expire_seconds', { nullable: true })
  expireSeconds: number | null;

  @UtcColumn('expires_at', { nullable: true })
  expiresAt: Date | null;

  @RefColumn('created_by', { nullable: true })
  createdBy: string | null;
}
