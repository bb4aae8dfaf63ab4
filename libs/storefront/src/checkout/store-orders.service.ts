import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Id, NotFoundError, Page, PageQuery, RequestContext } from '@tongdao/kernel';
import {
  AfterSales,
  AfterSaleKind,
  AfterSaleView,
  OrderDesk,
  OrderPlacement,
  OrderStatus,
} from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { StoreOrderRow } from './store-order.entity';
import { StoreOrderView, storeOrderView } from './store-order.view';

export interface StoreOrderQuery extends PageQuery {
  status?: OrderStatus;
}

export interface RefundRequestInput {
  lineId: Id;
  kind: AfterSaleKind;
  /** Default: the whole line. */
  quantity?: number;
  /** Default: the line's total. */
  amountFen?: number;
  reason: string;
}

/** What WeChat Pay needs to take the money for one order. */
export interface PaymentFacts {
  orderId: Id;
  outTradeNo: string;
  payableFen: number;
  description: string;
  expiresAt: Date;
  openid: string;
  channelAccountId: Id;
  status: OrderStatus;
}

/**
 * A buyer's orders in the WeChat shop. Every read and action starts from the storefront row of the signed-in
 * buyer in the session's shop: anyone else's order is simply not found.
 */
@Injectable()
export class StoreOrders {
  private readonly storeOrders: TenantRepository<StoreOrderRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly desk: OrderDesk,
    private readonly placement: OrderPlacement,
    private readonly afterSales: AfterSales,
  ) {
    this.storeOrders = new TenantRepository(tx, StoreOrderRow, 'order');
  }

  async get(session: BuyerSession, orderId: Id, requestId: string): Promise<StoreOrderView> {
    const ctx = buyerContext(session, requestId);
    const row = await this.own(ctx, session, orderId);
    return storeOrderView(await this.desk.get(ctx, orderId), row);
  }

  async list(
    session: BuyerSession,
    query: StoreOrderQuery,
    requestId: string,
  ): Promise<Page<StoreOrderView>> {
    const ctx = buyerContext(session, requestId);
    const page = await this.desk.list(ctx, {
      customerId: session.customerId,
      channelAccountId: session.channelAccountId,
      status: query.status,
      cursor: query.cursor,
      limit: query.limit,
    });
    const ids = page.items.map((o) => o.id);
    const rows = ids.length > 0 ? await this.storeOrders.find(ctx, { id: In(ids) }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      items: page.items.filter((o) => byId.has(o.id)).map((o) => storeOrderView(o, byId.get(o.id)!)),
      nextCursor: page.nextCursor,
    };
  }

  async paymentFacts(session: BuyerSession, orderId: Id, requestId = 'payment'): Promise<PaymentFacts> {
    const ctx = buyerContext(session, requestId);
    const row = await this.own(ctx, session, orderId);
    const status = await this.placement.statusOf(ctx, orderId);
    return {
      orderId,
      outTradeNo: row.id,
      payableFen: row.payableFen,
      description: row.description,
      expiresAt: row.expiresAt,
      openid: row.openid,
      channelAccountId: row.channelAccountId,
      status,
    };
  }

  /** For WeChat Pay notifications, which name only the account and out_trade_no: no tenant yet. */
  async byOutTradeNo(channelAccountId: Id, outTradeNo: string): Promise<StoreOrderRow | null> {
    return this.tx.dataSource.manager.findOne(StoreOrderRow, { where: { id: outTradeNo, channelAccountId } });
  }

  async cancel(session: BuyerSession, orderId: Id, requestId: string): Promise<StoreOrderView> {
    const ctx = buyerContext(session, requestId);
    await this.own(ctx, session, orderId);
    await this.placement.cancelUnpaid(ctx, orderId, 'buyer_cancelled');
    return this.get(session, orderId, requestId);
  }

  async confirmReceipt(session: BuyerSession, orderId: Id, requestId: string): Promise<StoreOrderView> {
    const ctx = buyerContext(session, requestId);
    await this.own(ctx, session, orderId);
    await this.placement.confirmReceipt(ctx, orderId);
    return this.get(session, orderId, requestId);
  }

  async requestRefund(
    session: BuyerSession,
    orderId: Id,
    input: RefundRequestInput,
    requestId: string,
  ): Promise<AfterSaleView> {
    const ctx = buyerContext(session, requestId);
    await this.own(ctx, session, orderId);
    const order = await this.desk.get(ctx, orderId);
    const line = order.lines?.find((l) => l.id === input.lineId);
    if (!line) throw new NotFoundError('order line', input.lineId);
    return this.afterSales.request(ctx, orderId, {
      lineId: line.id,
      kind: input.kind,
      quantity: input.quantity ?? line.quantity,
      amountFen: input.amountFen ?? line.totalFen,
      reason: input.reason,
    });
  }

  private async own(ctx: RequestContext, session: BuyerSession, orderId: Id): Promise<StoreOrderRow> {
    const row = await this.storeOrders.findOne(ctx, {
      id: orderId,
      customerId: session.customerId,
      shopId: session.shopId,
    });
    if (!row) throw new NotFoundError('order', orderId);
    return row;
  }
}
