import { Injectable } from '@nestjs/common';
import { EventHandler, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { taobaoCompanyCode } from '@tongdao/logistics';
import { ORDER_EVENTS, OrderDesk, OrderShippedPayload } from '@tongdao/orders';
import { TaobaoAccounts } from './taobao-accounts.service';
import { TopClient } from './top-client';

/**
 * A parcel shipped from the desk tells Taobao (`taobao.logistics.offline.send`): the trade id, waybill and
 * carrier, and for a split shipment the sub-order ids (`sub_tid`, `is_split=1`). Shipments Taobao itself
 * reported (ingested, no `shipment` in the event) are not sent back.
 */
@Injectable()
export class TaobaoShipments {
  constructor(
    private readonly accounts: TaobaoAccounts,
    private readonly top: TopClient,
    private readonly desk: OrderDesk,
  ) {}

  @EventHandler(ORDER_EVENTS.shipped, 'taobao.offline-send', { attempts: 8, backoffMs: 2000 })
  async onShipped(event: PublishedEvent<OrderShippedPayload>): Promise<void> {
    const { payload } = event;
    if (payload.channelType !== 'taobao' || !payload.shipment) return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const credentials = await this.accounts.credentials(ctx, payload.channelAccountId);
    const order = await this.desk.get(ctx, payload.orderId);
    const lines = order.lines ?? [];
    const inParcel = new Map(payload.shipment.lines.map((l) => [l.lineId, l.quantity]));
    const whole = lines.every((l) => inParcel.get(l.id) === l.quantity);
    await this.top.call(credentials, 'taobao.logistics.offline.send', {
      tid: payload.externalOrderId,
      out_sid: payload.shipment.trackingNo,
      // Our code → Taobao's from the one carriers registry (libs/logistics); unknown codes pass upper-cased.
      company_code: taobaoCompanyCode(payload.shipment.carrierCode),
      ...(whole
        ? {}
        : {
            is_split: 1,
            sub_tid: lines
              .filter((l) => inParcel.has(l.id))
              .map((l) => l.externalLineId)
              .join(','),
          }),
    });
  }
}
