import { Injectable } from '@nestjs/common';
import { COMPANY_CODES } from '../state/catalog-data';
import { Order } from '../state/model';
import { TaobaoStore } from '../state/store';
import { TradeLifecycle } from '../trades/lifecycle';
import { formatGmt8 } from '../wire/gmt8';
import { TopObject } from '../wire/render';
import { ApiCall, ApiGroup, ApiMethod, idParam, requiredParam } from './api';
import { topErrors } from './errors';

@Injectable()
export class LogisticsApis implements ApiGroup {
  constructor(
    private readonly store: TaobaoStore,
    private readonly lifecycle: TradeLifecycle,
  ) {}

  methods(): ApiMethod[] {
    return [
      { name: 'taobao.logistics.offline.send', needsSession: true, handle: (call) => this.offlineSend(call) },
    ];
  }

  /** PROTOCOLS §3.10: ship the whole trade, or the lines in sub_tid for a split shipment. */
  private offlineSend({ params, session, app }: ApiCall): TopObject {
    const tid = idParam(params, 'tid');
    const outSid = requiredParam(params, 'out_sid');
    const companyCode = requiredParam(params, 'company_code');
    const company = COMPANY_CODES[companyCode];
    if (!company) {
      throw topErrors.business('isv.logistics-company-not-exist', `unknown company_code ${companyCode}`);
    }
    const trade = this.store.trades.get(tid.toString());
    if (!trade || trade.sellerNick !== session!.sellerNick) {
      throw topErrors.business('isv.trade-not-exist', `trade ${tid} does not exist`);
    }
    if (trade.status === 'TRADE_CLOSED_BY_TAOBAO' || trade.status === 'WAIT_BUYER_PAY') {
      throw topErrors.business(
        'isv.logistics-offline-service-error',
        `trade is ${trade.status}; it cannot be shipped`,
      );
    }
    const orders = this.pickOrders(trade.orders, params.sub_tid);
    this.lifecycle.ship(trade, orders, company, outSid);
    this.store.shipments.push({
      tid: tid.toString(),
      oids: orders.map((o) => o.oid.toString()),
      outSid,
      companyCode,
      split: Boolean(params.sub_tid) || params.is_split === '1',
      appKey: app.appKey,
      at: formatGmt8(this.store.now()),
    });
    return { shipping: { is_success: true } };
  }

  /** Without sub_tid every line still waiting to ship goes; lines already refunded stay behind. */
  private pickOrders(orders: Order[], subTid: string | undefined): Order[] {
    if (!subTid) {
      return orders.filter(
        (o) => o.status === 'WAIT_SELLER_SEND_GOODS' || o.status === 'SELLER_CONSIGNED_PART',
      );
    }
    const wanted = subTid.split(',').map((id) => id.trim());
    return wanted.map((oid) => {
      const order = orders.find((o) => o.oid.toString() === oid);
      if (!order) throw topErrors.invalidParam('sub_tid', `order ${oid} is not part of this trade`);
      return order;
    });
  }
}
