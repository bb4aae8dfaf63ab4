import { Injectable } from '@nestjs/common';
import { Id, RequestContext } from '@tongdao/kernel';
import { OrderDelivery, OrderDesk, ShipmentRecord } from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { In } from 'typeorm';
import { CARRIERS, Carrier, carrierByCode } from './carriers';
import { ShipmentTrackingEventRow, ShipmentTrackingRow, SubscriptionStatus } from './entities';
import { TrackingState } from './tracking-states';

export interface TrackingEventView {
  time: string;
  context: string;
  state: TrackingState | null;
  areaName: string | null;
}

export interface ShipmentTrackingView {
  shipmentId: string;
  carrierCode: string;
  carrierName: string | null;
  trackingNo: string;
  shippedAt: string;
  /** `pending` until the tracker has told us anything (also for a parcel not tracked at all). */
  state: TrackingState;
  lastEventAt: string | null;
  deliveredAt: string | null;
  /** null: this parcel has no subscription (yet). */
  subscription: {
    status: SubscriptionStatus;
    attempts: number;
    lastError: string | null;
    subscribedAt: string | null;
  } | null;
  /** Newest first. */
  events: TrackingEventView[];
}

export interface OrderTrackingView {
  orderId: string;
  orderStatus: string;
  shipments: ShipmentTrackingView[];
}

/** Read side for the back office: the carriers, and an order's parcels with their timelines. */
@Injectable()
export class TrackingReads {
  private readonly trackings: TenantRepository<ShipmentTrackingRow>;
  private readonly events: TenantRepository<ShipmentTrackingEventRow>;

  constructor(
    tx: TransactionRunner,
    private readonly desk: OrderDesk,
    private readonly delivery: OrderDelivery,
  ) {
    this.trackings = new TenantRepository(tx, ShipmentTrackingRow, 'shipment tracking');
    this.events = new TenantRepository(tx, ShipmentTrackingEventRow, 'tracking event');
  }

  carriers(): Carrier[] {
    return CARRIERS.map((c) => ({ ...c }));
  }

  /** 404 for an order outside the actor's reach, exactly like the order desk. */
  async forOrder(ctx: RequestContext, orderId: Id): Promise<OrderTrackingView> {
    const order = await this.desk.get(ctx, orderId);
    const shipments = await this.delivery.shipmentsOf(ctx, orderId);
    const trackings = await this.trackings.find(ctx, { orderId });
    const events = trackings.length
      ? await this.events.find(
          ctx,
          { trackingId: In(trackings.map((t) => t.id)) },
          { eventTime: 'DESC', id: 'DESC' },
        )
      : [];
    return {
      orderId,
      orderStatus: order.status,
      shipments: shipments.map((s) => view(s, trackings.find((t) => t.shipmentId === s.id) ?? null, events)),
    };
  }
}

function view(
  shipment: ShipmentRecord,
  tracking: ShipmentTrackingRow | null,
  events: readonly ShipmentTrackingEventRow[],
): ShipmentTrackingView {
  return {
    shipmentId: shipment.id,
    carrierCode: shipment.carrierCode,
    carrierName: carrierByCode(shipment.carrierCode)?.name ?? null,
    trackingNo: shipment.trackingNo,
    shippedAt: shipment.shippedAt,
    state: tracking?.state ?? 'pending',
    lastEventAt: tracking?.lastEventAt?.toISOString() ?? null,
    deliveredAt: tracking?.deliveredAt?.toISOString() ?? null,
    subscription: tracking
      ? {
          status: tracking.subscriptionStatus,
          attempts: tracking.subscribeAttempts,
          lastError: tracking.lastError,
          subscribedAt: tracking.subscribedAt?.toISOString() ?? null,
        }
      : null,
    events: events
      .filter((e) => e.trackingId === tracking?.id)
      .map((e) => ({
        time: e.eventTime.toISOString(),
        context: e.context,
        state: e.state,
        areaName: e.areaName,
      })),
  };
}
