import { Injectable } from '@nestjs/common';
import { EventHandler, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { ORDER_EVENTS, OrderCancelledPayload, OrderEventPayload } from '@tongdao/orders';
import { ErpConnections } from '../connection/erp-connections.service';
import { ErpError } from '../connector/erp-errors';
import { ErpSyncLog } from '../sync-log.service';
import { ErpUploader } from './erp-uploader';
import { OrderLinks } from './order-links';

/** An order cancel found its upload in flight; the event is delivered again shortly (job retry). */
class UploadInFlight extends Error {}

/**
 * Orders of the shops an ERP connection serves: paid → queued for upload (once per order, whatever the number of
 * deliveries); cancelled or closed → withdrawn if not yet sent, cancelled in the ERP if it holds it.
 */
@Injectable()
export class ErpOrderEvents {
  constructor(
    private readonly connections: ErpConnections,
    private readonly links: OrderLinks,
    private readonly uploader: ErpUploader,
    private readonly log: ErpSyncLog,
  ) {}

  @EventHandler(ORDER_EVENTS.paid, 'erp.order-paid', { attempts: 8, backoffMs: 1000 })
  async onPaid(event: PublishedEvent<OrderEventPayload>): Promise<void> {
    if (!event.merchantId) return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const connection = await this.connections.serving(ctx, event.payload.shopId);
    if (!connection) return;
    const orderId = event.payload.orderId;
    const queued = await this.links.queue(ctx, connection, {
      orderId,
      shopId: event.payload.shopId,
      paidAt: new Date(event.occurredAt),
    });
    if (queued) await this.log.write(ctx, [{ kind: 'order_upload', orderId, outcome: 'queued' }]);
    await this.uploader.kick(event.merchantId);
  }

  @EventHandler(ORDER_EVENTS.cancelled, 'erp.order-cancelled', { attempts: 8, backoffMs: 2000 })
  async onCancelled(event: PublishedEvent<OrderCancelledPayload>): Promise<void> {
    if (!event.merchantId) return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const orderId = event.payload.orderId;
    const link = await this.links.findByOrder(ctx, orderId);
    if (!link || link.state === 'cancelled') return;
    if (link.state !== 'uploaded') {
      const withdrawn = await this.links.move(ctx, link.id, ['queued', 'rejected', 'dead'], {
        state: 'cancelled',
        cancelledAt: new Date(),
      });
      if (!withdrawn) throw new UploadInFlight(`order ${orderId} is being uploaded; cancel later`);
      await this.log.write(ctx, [
        {
          kind: 'order_cancel',
          orderId,
          outcome: 'withdrawn',
          detail: 'cancelled before it reached the ERP',
        },
      ]);
      return;
    }
    const connection = await this.connections.require(ctx);
    const reason = event.payload.reason ?? event.payload.status;
    try {
      const [outcome] = await this.connections
        .connector(ctx, connection)
        .cancelOrders([{ soId: link.soId, erpOrderId: link.erpOrderId!, reason }]);
      if (outcome.kind === 'cancelled') {
        await this.links.move(ctx, link.id, ['uploaded'], { state: 'cancelled', cancelledAt: new Date() });
        await this.log.write(ctx, [
          { kind: 'order_cancel', orderId, erpRef: link.erpOrderId, outcome: 'cancelled', detail: reason },
        ]);
      } else {
        await this.log.write(ctx, [
          {
            kind: 'order_cancel',
            orderId,
            erpRef: link.erpOrderId,
            outcome: 'refused',
            detail: outcome.reason,
          },
        ]);
      }
    } catch (error) {
      if (!(error instanceof ErpError)) throw error;
      if (error.kind === 'auth') await this.connections.markFailed(ctx, connection, error);
      if (error.kind === 'reject') {
        await this.log.write(ctx, [
          {
            kind: 'order_cancel',
            orderId,
            erpRef: link.erpOrderId,
            outcome: 'failed',
            detail: error.message,
          },
        ]);
        return;
      }
      throw error;
    }
  }
}
