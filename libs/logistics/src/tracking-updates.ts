import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventOutbox, Id, RequestContext } from '@tongdao/kernel';
import { OrderDelivery, OrderDesk } from '@tongdao/orders';
import { TenantRepository, TransactionRunner, insertRows } from '@tongdao/persistence';
import { carrierByCode } from './carriers';
import { ShipmentTrackingEventRow, ShipmentTrackingRow, SubscriptionStatus } from './entities';
import { LOGISTICS_EVENTS, ShipmentTrackingUpdatedPayload } from './logistics-events';
import { TrackerEvent, TrackerPush } from './tracker-push';
import { TrackingState } from './tracking-states';

/** What one push changed. */
export interface TrackingChange {
  newEvents: number;
  previousState: TrackingState;
  state: TrackingState;
  orderDelivered: boolean;
}

/**
 * Applies a verified push to a parcel, in one transaction: new history lines (each once, however often it is
 * pushed), the parcel's state, shipment.tracking_updated when anything is new, and — when the last parcel of
 * a fully shipped order is signed for — the order's move to delivered (whose event starts the guarantee
 * timer). Pushes repeat the whole history, so a push older than what we hold adds its lines but moves nothing.
 */
@Injectable()
export class TrackingUpdates {
  private readonly trackings: TenantRepository<ShipmentTrackingRow>;
  private readonly events: TenantRepository<ShipmentTrackingEventRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly desk: OrderDesk,
    private readonly delivery: OrderDelivery,
  ) {
    this.trackings = new TenantRepository(tx, ShipmentTrackingRow, 'shipment tracking');
    this.events = new TenantRepository(tx, ShipmentTrackingEventRow, 'tracking event');
  }

  async apply(ctx: RequestContext, trackingId: Id, push: TrackerPush): Promise<TrackingChange> {
    return this.tx.run(async () => {
      await this.lock(ctx, trackingId);
      const row = await this.trackings.getById(ctx, trackingId);
      const fresh = await this.storeNewEvents(ctx, row, push.events);
      const previousState = row.state;
      const newest = push.events[0] ?? null;
      const current = !row.lastEventAt || !newest || newest.time.getTime() >= row.lastEventAt.getTime();
      if (current) {
        row.state = nextState(row.state, push);
        if (push.stateCode !== null) row.trackerState = push.stateCode.slice(0, 8);
        if (newest) {
          row.lastEventAt = newest.time;
          row.lastContext = newest.context;
        }
        if (row.state === 'delivered' && !row.deliveredAt) row.deliveredAt = deliveredTime(push);
      }
      row.subscriptionStatus = subscriptionAfter(row.subscriptionStatus, push.status);
      if (push.status === 'abort') row.lastError = push.message.slice(0, 500) || 'abort';
      await this.trackings.save(ctx, row);
      if (fresh === 0 && row.state === previousState)
        return { newEvents: 0, previousState, state: row.state, orderDelivered: false };
      await this.announce(ctx, row, previousState, fresh);
      const orderDelivered =
        row.state === 'delivered' &&
        previousState !== 'delivered' &&
        (await this.deliverOrderIfDone(ctx, row));
      return { newEvents: fresh, previousState, state: row.state, orderDelivered };
    });
  }

  /** Serialises pushes of one parcel (a redelivery racing the original). */
  private async lock(ctx: RequestContext, trackingId: Id): Promise<void> {
    await this.tx
      .manager()
      .createQueryBuilder()
      .update(ShipmentTrackingRow)
      .set({ updatedAt: () => 'updated_at' })
      .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id: trackingId })
      .execute();
  }

  private async storeNewEvents(
    ctx: RequestContext,
    row: ShipmentTrackingRow,
    pushed: readonly TrackerEvent[],
  ): Promise<number> {
    const known = new Set(
      (
        await this.events
          .query(ctx, 'e')
          .select(['e.fingerprint'])
          .andWhere('e.trackingId = :trackingId', { trackingId: row.id })
          .getMany()
      ).map((e) => e.fingerprint),
    );
    const rows: ShipmentTrackingEventRow[] = [];
    for (const event of pushed) {
      const fingerprint = fingerprintOf(event);
      if (known.has(fingerprint)) continue;
      known.add(fingerprint);
      rows.push(
        this.events.create(ctx, {
          trackingId: row.id,
          shipmentId: row.shipmentId,
          eventTime: event.time,
          context: event.context,
          state: event.state,
          areaName: event.areaName?.slice(0, 100) ?? null,
          fingerprint,
          raw: event.raw,
        }),
      );
    }
    await insertRows(this.tx.manager(), ShipmentTrackingEventRow, rows);
    return rows.length;
  }

  private async announce(
    ctx: RequestContext,
    row: ShipmentTrackingRow,
    previousState: TrackingState,
    newEvents: number,
  ): Promise<void> {
    const order = await this.desk.get(ctx, row.orderId);
    const payload: ShipmentTrackingUpdatedPayload = {
      trackingId: row.id,
      shipmentId: row.shipmentId,
      orderId: row.orderId,
      shopId: order.shopId,
      channelAccountId: order.channelAccountId,
      channelType: order.channelType,
      externalOrderId: order.externalOrderId,
      customerId: order.customerId,
      carrierCode: row.carrierCode,
      carrierName: carrierByCode(row.carrierCode)?.name ?? row.carrierCode,
      trackingNo: row.trackingNo,
      state: row.state,
      previousState,
      latest:
        row.lastEventAt && row.lastContext !== null
          ? { time: row.lastEventAt.toISOString(), context: row.lastContext }
          : null,
      newEvents,
      at: new Date().toISOString(),
    };
    await this.outbox.record(ctx, {
      type: LOGISTICS_EVENTS.trackingUpdated,
      aggregateType: 'shipment',
      aggregateId: row.shipmentId,
      payload,
    });
  }

  /** The order is delivered once every one of its parcels is (the last one's signing time counts). */
  private async deliverOrderIfDone(ctx: RequestContext, row: ShipmentTrackingRow): Promise<boolean> {
    const shipments = await this.delivery.shipmentsOf(ctx, row.orderId);
    const trackings = await this.trackings.find(ctx, { orderId: row.orderId });
    const deliveredAt: Date[] = [];
    for (const shipment of shipments) {
      const tracking = trackings.find((t) => t.shipmentId === shipment.id);
      if (tracking?.state !== 'delivered' || !tracking.deliveredAt) return false;
      deliveredAt.push(tracking.deliveredAt);
    }
    if (deliveredAt.length === 0) return false;
    const last = new Date(Math.max(...deliveredAt.map((d) => d.getTime())));
    return this.delivery.markDelivered(ctx, row.orderId, last);
  }
}

function fingerprintOf(event: TrackerEvent): string {
  return createHash('sha1').update(`${event.time.toISOString()}\n${event.context}`, 'utf8').digest('hex');
}

/**
 * The push's own state wins, else the newest line's. `ischeck = 1` alone only means "signed" — by the buyer,
 * or by the sender for a parcel that came back (退签) — so it decides nothing when a state is given.
 */
function nextState(current: TrackingState, push: TrackerPush): TrackingState {
  const pushed = push.state ?? push.events[0]?.state ?? null;
  if (pushed) return pushed;
  if (push.signed) return 'delivered';
  return current === 'pending' && push.events.length > 0 ? 'in_transit' : current;
}

/** When the parcel was signed for: its newest line in the delivered state, else the newest line, else now. */
function deliveredTime(push: TrackerPush): Date {
  return (push.events.find((e) => e.state === 'delivered') ?? push.events[0])?.time ?? new Date();
}

function subscriptionAfter(current: SubscriptionStatus, pushStatus: string): SubscriptionStatus {
  if (pushStatus === 'shutdown') return 'ended';
  if (pushStatus === 'abort') return 'aborted';
  return current === 'ended' || current === 'aborted' ? current : 'subscribed';
}
