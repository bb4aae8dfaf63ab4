import { Injectable } from '@nestjs/common';
import { DomainError, RequestContext } from '@tongdao/kernel';
import { OrderFulfilment } from '@tongdao/orders';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { ErpConnector, ErpShipment } from '../connector/erp-connector';
import { ErpConnectionRow, ErpShipmentReceiptRow } from '../erp.entities';
import { ErpOptions } from '../erp-options';
import { ErpSyncLog } from '../sync-log.service';
import { OrderLinks } from '../uploads/order-links';
import { allPages, windowEnd, windowsBetween } from './windows';

export interface ShipmentPullSummary {
  seen: number;
  shipped: number;
  skipped: number;
  until: Date;
}

/**
 * Parcels the ERP sent become shipments of our orders through the desk's own ship (so Taobao hears of them by
 * `offline.send` and a WeChat buyer by template message, like any shipment). Each (order, tracking number) is
 * applied once: a receipt row with that key is written in the shipment's transaction.
 */
@Injectable()
export class ErpShipmentPull {
  private readonly receipts: TenantRepository<ErpShipmentReceiptRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly fulfilment: OrderFulfilment,
    private readonly links: OrderLinks,
    private readonly log: ErpSyncLog,
    private readonly options: ErpOptions,
  ) {
    this.receipts = new TenantRepository(tx, ErpShipmentReceiptRow, 'ERP shipment');
  }

  async pull(
    ctx: RequestContext,
    connection: ErpConnectionRow,
    connector: ErpConnector,
  ): Promise<ShipmentPullSummary> {
    const until = windowEnd();
    const since = connection.shipmentCursor
      ? new Date(connection.shipmentCursor.getTime() - this.options.windowOverlapMs)
      : new Date(connection.createdAt.getTime() - this.options.firstShipmentLookbackMs);
    const summary: ShipmentPullSummary = { seen: 0, shipped: 0, skipped: 0, until };
    for (const window of windowsBetween(since, until)) {
      const parcels = await allPages((page) =>
        connector.pullShipments({ page, modifiedFrom: window.from, modifiedTo: window.to }),
      );
      for (const parcel of parcels) {
        const outcome = await this.apply(ctx, parcel);
        if (outcome === 'foreign' || outcome === 'known') continue;
        summary.seen += 1;
        summary[outcome] += 1;
      }
    }
    return summary;
  }

  /** foreign: not an order we uploaded; known: applied before. */
  private async apply(
    ctx: RequestContext,
    parcel: ErpShipment,
  ): Promise<'shipped' | 'skipped' | 'foreign' | 'known'> {
    const link = await this.links.findByOrder(ctx, parcel.externalOrderId);
    if (!link || !parcel.trackingNo) return 'foreign';
    const orderId = link.orderId;
    const lines = parcel.lines?.every((l) => l.lineId && l.quantity > 0)
      ? parcel.lines.map((l) => ({ lineId: l.lineId!, quantity: l.quantity }))
      : undefined;
    try {
      await this.tx.run(async () => {
        const receipt = await this.receipts.insert(ctx, {
          orderId,
          trackingNo: parcel.trackingNo,
          carrierCode: parcel.carrierCode,
          shipmentId: null,
          outcome: 'shipped',
        });
        const shipment = await this.fulfilment.ship(ctx, orderId, {
          carrierCode: parcel.carrierCode,
          trackingNo: parcel.trackingNo,
          ...(lines ? { lines } : {}),
        });
        await this.receipts.save(ctx, Object.assign(receipt, { shipmentId: shipment.id }));
        await this.log.write(ctx, [
          {
            kind: 'shipment',
            orderId,
            erpRef: parcel.trackingNo,
            outcome: 'shipped',
            detail: `${parcel.carrierCode} ${parcel.trackingNo} → shipment ${shipment.id}`,
          },
        ]);
      });
      return 'shipped';
    } catch (error) {
      if (isUniqueViolation(error)) return 'known';
      if (!(error instanceof DomainError)) throw error;
      // The order cannot take the parcel (shipped on the channel already, cancelled …): noted once, not retried.
      return this.skip(ctx, orderId, parcel, error.message);
    }
  }

  private async skip(
    ctx: RequestContext,
    orderId: string,
    parcel: ErpShipment,
    reason: string,
  ): Promise<'skipped' | 'known'> {
    try {
      await this.tx.run(async () => {
        await this.receipts.insert(ctx, {
          orderId,
          trackingNo: parcel.trackingNo,
          carrierCode: parcel.carrierCode,
          shipmentId: null,
          outcome: 'skipped',
        });
        await this.log.write(ctx, [
          { kind: 'shipment', orderId, erpRef: parcel.trackingNo, outcome: 'skipped', detail: reason },
        ]);
      });
      return 'skipped';
    } catch (error) {
      if (isUniqueViolation(error)) return 'known';
      throw error;
    }
  }
}
