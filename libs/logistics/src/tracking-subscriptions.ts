import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { EventHandler, Id, PublishedEvent, RequestContext, newId } from '@tongdao/kernel';
import { ORDER_EVENTS, OrderDesk, OrderShippedPayload } from '@tongdao/orders';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { Repository } from 'typeorm';
import { carrierByCode, trackerCompanyCode } from './carriers';
import { ShipmentTrackingRow, SubscriptionStatus } from './entities';
import { TrackerClient } from './tracker-client';

export const SUBSCRIBE_ATTEMPTS = 8;
/** Statuses after which nobody asks the tracker again. */
const SETTLED: ReadonlySet<SubscriptionStatus> = new Set(['subscribed', 'ended', 'aborted', 'rejected']);

/** The path of a subscription's push callback, under the deployment's public URL. */
export function trackerCallbackPath(trackingId: Id): string {
  return `/channels/tracker/${trackingId}/push`;
}

/**
 * Every parcel shipped from the desk (or the ERP, through the desk) gets a tracking subscription: a
 * `shipment_trackings` row with its own random salt, then a subscription at the tracker whose pushes come
 * back signed with that salt. The row is written on its own connection, not in the consumer's transaction,
 * so a failed attempt is visible (`failing`, the error, the count) while the consumer retries with backoff;
 * after the last attempt the row says `failed` and the job waits in the dead letters for a replay.
 * Shipments the channel itself reported (no parcel in the event) are not tracked here.
 */
@Injectable()
export class TrackingSubscriptions {
  private readonly logger = new Logger(TrackingSubscriptions.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly client: TrackerClient,
    private readonly config: AppConfig,
    private readonly desk: OrderDesk,
  ) {}

  @EventHandler(ORDER_EVENTS.shipped, 'logistics.subscribe', {
    attempts: SUBSCRIBE_ATTEMPTS,
    backoffMs: 2000,
  })
  async onShipped(event: PublishedEvent<OrderShippedPayload>): Promise<void> {
    const { payload } = event;
    if (!event.merchantId || !payload.shipment) return;
    const row = await this.ensure(event.merchantId, payload, payload.shipment);
    if (SETTLED.has(row.subscriptionStatus)) return;
    if (!this.client.configured) {
      await this.update(row, { subscriptionStatus: 'not_configured' });
      return;
    }
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    await this.subscribe(ctx, row);
  }

  private async subscribe(ctx: RequestContext, row: ShipmentTrackingRow): Promise<void> {
    const attempts = row.subscribeAttempts + 1;
    try {
      const outcome = await this.client.subscribe({
        company: row.trackerCompany,
        number: row.trackingNo,
        callbackUrl: `${this.config.publicUrl}${trackerCallbackPath(row.id)}`,
        salt: row.salt,
        phone: await this.phoneFor(ctx, row),
      });
      if (outcome.kind === 'subscribed') {
        await this.update(row, {
          subscriptionStatus: 'subscribed',
          subscribeAttempts: attempts,
          lastError: null,
          subscribedAt: new Date(),
        });
        return;
      }
      this.logger.warn({ trackingId: row.id, returnCode: outcome.returnCode }, 'tracker refused a parcel');
      await this.update(row, {
        subscriptionStatus: 'rejected',
        subscribeAttempts: attempts,
        lastError: `${outcome.returnCode} ${outcome.message}`.slice(0, 500),
      });
    } catch (error) {
      await this.update(row, {
        subscriptionStatus: attempts >= SUBSCRIBE_ATTEMPTS ? 'failed' : 'failing',
        subscribeAttempts: attempts,
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      });
      throw error;
    }
  }

  /** SF shows its tracks only to whoever knows the receiver's phone; no other carrier gets it. */
  private async phoneFor(ctx: RequestContext, row: ShipmentTrackingRow): Promise<string | null> {
    if (carrierByCode(row.carrierCode)?.code !== 'SF') return null;
    return (await this.desk.get(ctx, row.orderId)).receiver.phone;
  }

  private repo(): Repository<ShipmentTrackingRow> {
    return this.tx.dataSource.getRepository(ShipmentTrackingRow);
  }

  /** The parcel's tracking row, created on first sight (a redelivered event finds the same one). */
  private async ensure(
    merchantId: Id,
    order: OrderShippedPayload,
    shipment: NonNullable<OrderShippedPayload['shipment']>,
  ): Promise<ShipmentTrackingRow> {
    const existing = await this.repo().findOne({ where: { merchantId, shipmentId: shipment.id } });
    if (existing) return existing;
    const now = new Date();
    const row = this.repo().create({
      id: newId(),
      merchantId,
      shipmentId: shipment.id,
      orderId: order.orderId,
      shopId: order.shopId,
      channelType: order.channelType,
      carrierCode: shipment.carrierCode,
      trackerCompany: trackerCompanyCode(shipment.carrierCode),
      trackingNo: shipment.trackingNo,
      state: 'pending',
      trackerState: null,
      lastEventAt: null,
      lastContext: null,
      deliveredAt: null,
      salt: randomBytes(16).toString('hex'),
      subscriptionStatus: 'pending',
      subscribeAttempts: 0,
      lastError: null,
      subscribedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.repo().insert(row);
      return row;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.repo().findOneOrFail({ where: { merchantId, shipmentId: shipment.id } });
    }
  }

  private async update(row: ShipmentTrackingRow, patch: Partial<ShipmentTrackingRow>): Promise<void> {
    Object.assign(row, patch, { updatedAt: new Date() });
    await this.repo().update(
      { merchantId: row.merchantId, id: row.id },
      { ...patch, updatedAt: row.updatedAt },
    );
  }
}
