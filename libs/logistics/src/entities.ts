import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';
import type { TrackingState } from './tracking-states';

/**
 * Where the tracker subscription of a parcel stands: `pending` (not yet asked), `subscribed`, `failing`
 * (retrying), `failed` (retries spent — see the dead letters), `rejected` (the tracker refused the parcel,
 * e.g. an unknown carrier), `ended` (the tracker stopped: signed for, or nothing new for long), `aborted`
 * (the tracker gave up: no record found), `not_configured` (this deployment has no tracker).
 */
export type SubscriptionStatus =
  'pending' | 'subscribed' | 'failing' | 'failed' | 'rejected' | 'ended' | 'aborted' | 'not_configured';

/** One parcel's tracking: its subscription at the tracker and where it is now. */
@Entity('shipment_trackings')
export class ShipmentTrackingRow extends TenantEntity {
  @RefColumn('shipment_id')
  shipmentId: string;

  @RefColumn('order_id')
  orderId: string;

  @RefColumn('shop_id')
  shopId: string;

  @Column({ name: 'channel_type', type: 'varchar', length: 16 })
  channelType: string;

  /** Our carrier code, as shipped. */
  @Column({ name: 'carrier_code', type: 'varchar', length: 32 })
  carrierCode: string;

  /** The tracker's company code we subscribed with. */
  @Column({ name: 'tracker_company', type: 'varchar', length: 32 })
  trackerCompany: string;

  @Column({ name: 'tracking_no', type: 'varchar', length: 64 })
  trackingNo: string;

  @Column({ type: 'varchar', length: 24 })
  state: TrackingState;

  /** The tracker's own state code behind `state` (e.g. 5, 301). */
  @Column({ name: 'tracker_state', type: 'varchar', length: 8, nullable: true })
  trackerState: string | null;

  @UtcColumn('last_event_at', { nullable: true })
  lastEventAt: Date | null;

  @Column({ name: 'last_context', type: 'varchar', length: 500, nullable: true })
  lastContext: string | null;

  @UtcColumn('delivered_at', { nullable: true })
  deliveredAt: Date | null;

  /** Signs this subscription's pushes; random per subscription, so a leaked one forges nothing else. */
  @Column({ type: 'varchar', length: 64 })
  salt: string;

  @Column({ name: 'subscription_status', type: 'varchar', length: 16 })
  subscriptionStatus: SubscriptionStatus;

  @IntColumn('subscribe_attempts', { default: 0 })
  subscribeAttempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @UtcColumn('subscribed_at', { nullable: true })
  subscribedAt: Date | null;
}

/** One line of a parcel's history; (tracking, time, context) appears once however often it is pushed. */
@Entity('shipment_tracking_events')
export class ShipmentTrackingEventRow extends TenantEntity {
  @RefColumn('tracking_id')
  trackingId: string;

  @RefColumn('shipment_id')
  shipmentId: string;

  @UtcColumn('event_time')
  eventTime: Date;

  @Column({ type: 'varchar', length: 500 })
  context: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  state: TrackingState | null;

  @Column({ name: 'area_name', type: 'varchar', length: 100, nullable: true })
  areaName: string | null;

  /** sha1 of time and context: the de-duplication key (the context is too long to index). */
  @Column({ type: 'varchar', length: 40 })
  fingerprint: string;

  /** The history line exactly as pushed. */
  @JsonColumn('raw')
  raw: Record<string, unknown>;
}
