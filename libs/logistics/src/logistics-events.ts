import type { TrackingState } from './tracking-states';

/**
 * Events of the logistics context (aggregateType `shipment`, aggregateId = shipment id). A published
 * contract like the order events: fields are only ever added.
 *
 * | type                      | when                                                             |
 * | ------------------------- | ---------------------------------------------------------------- |
 * | shipment.tracking_updated | a tracker push brought new history lines or a new state          |
 */
export const LOGISTICS_EVENTS = {
  trackingUpdated: 'shipment.tracking_updated',
} as const;

export interface ShipmentTrackingUpdatedPayload {
  trackingId: string;
  shipmentId: string;
  orderId: string;
  shopId: string;
  channelAccountId: string;
  /** taobao | wechat | weibo: where the buyer bought, so where they hear about the parcel. */
  channelType: string;
  externalOrderId: string;
  customerId: string | null;
  carrierCode: string;
  carrierName: string;
  trackingNo: string;
  state: TrackingState;
  previousState: TrackingState;
  /** The newest history line, if any. */
  latest: { time: string; context: string } | null;
  newEvents: number;
  at: string;
}
