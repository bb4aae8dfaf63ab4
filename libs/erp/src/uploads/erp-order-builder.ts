import { Injectable } from '@nestjs/common';
import { SkusService } from '@tongdao/catalog';
import { NotFoundError, RequestContext } from '@tongdao/kernel';
import { OrderDesk, OrderView } from '@tongdao/orders';
import { ErpOrder } from '../connector/erp-connector';
import { ErpConnectionRow } from '../erp.entities';

/** An order as the ERP gets it, or why it cannot (go) there. */
export type BuiltOrder =
  { kind: 'ready'; order: ErpOrder } | { kind: 'unfit'; reason: string } | { kind: 'withdrawn' };

const STATE: Record<string, ErpOrder['state'] | undefined> = {
  paid: 'paid',
  partially_shipped: 'paid',
  shipped: 'shipped',
  delivered: 'shipped',
  completed: 'completed',
  cancelled: 'closed',
  closed: 'closed',
};

/** Reads our order and its SKU codes and shapes the connector's ErpOrder. */
@Injectable()
export class ErpOrderBuilder {
  constructor(
    private readonly desk: OrderDesk,
    private readonly skus: SkusService,
  ) {}

  async build(ctx: RequestContext, connection: ErpConnectionRow, orderId: string): Promise<BuiltOrder> {
    let order: OrderView;
    try {
      order = await this.desk.get(ctx, orderId);
    } catch (error) {
      if (error instanceof NotFoundError) return { kind: 'unfit', reason: 'the order no longer exists' };
      throw error;
    }
    const state = STATE[order.status];
    // Closed before it ever reached the ERP: nothing to send, nothing to cancel there.
    if (state === 'closed') return { kind: 'withdrawn' };
    if (!state) return { kind: 'unfit', reason: `an order that is ${order.status} is not sent to the ERP` };
    const binding = connection.shops.find((s) => s.shopId === order.shopId);
    if (!binding) return { kind: 'unfit', reason: `shop ${order.shopId} is not linked to an ERP shop` };
    const lines = (order.lines ?? []).filter((l) => l.quantity - l.cancelledQuantity > 0);
    const skuIds = [...new Set(lines.map((l) => l.skuId).filter((id): id is string => id !== null))];
    const codes = new Map((await this.skus.getMany(ctx, skuIds)).map((s) => [s.id, s.code]));
    const unmapped = lines.filter((l) => !(l.skuId ? codes.get(l.skuId) : l.outerId));
    if (lines.length === 0) return { kind: 'unfit', reason: 'the order has no lines left to ship' };
    if (unmapped.length > 0)
      return {
        kind: 'unfit',
        reason: `lines without a SKU code: ${unmapped.map((l) => l.externalLineId).join(', ')}`,
      };
    return {
      kind: 'ready',
      order: {
        soId: order.id,
        erpShopId: binding.erpShopId,
        placedAt: new Date(order.placedAt),
        paidAt: order.payment?.paidAt ? new Date(order.payment.paidAt) : new Date(order.placedAt),
        state,
        buyerId: order.customerId ?? order.buyerName,
        receiver: {
          name: order.receiver.name,
          phone: order.receiver.phone,
          province: order.receiver.province,
          city: order.receiver.city,
          district: order.receiver.district,
          address: order.receiver.address,
        },
        paidFen: order.paidFen,
        shippingFen: order.shippingFen,
        buyerMessage: order.buyerMessage,
        sellerMemo: order.sellerMemo,
        payment: order.payment ? { id: order.payment.transactionId, method: order.payment.method } : null,
        lines: lines.map((l) => {
          const quantity = l.quantity - l.cancelledQuantity;
          return {
            lineId: l.id,
            skuCode: (l.skuId ? codes.get(l.skuId) : l.outerId) as string,
            channelSkuId: l.channelSkuId,
            title: l.title,
            quantity,
            unitPriceFen: l.unitPriceFen,
            totalFen: quantity === l.quantity ? l.totalFen : l.unitPriceFen * quantity,
          };
        }),
      },
    };
  }
}
