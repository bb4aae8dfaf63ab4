import { Injectable, Logger } from '@nestjs/common';
import { WechatPayError } from '@tongdao/channels';
import { Clock, DomainError, EventHandler, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { ORDER_EVENTS, OrderCancelledPayload } from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { StoreOrderRow } from '../checkout/store-order.entity';
import { PaymentLedger } from './payment-ledger';
import { PaymentTaking } from './payment-taking';
import { WechatPayClients } from './wechatpay-clients';

export type CloseOutcome = 'closed' | 'paid' | 'retry';

/** Thrown so the job system retries a close WeChat Pay could not take now. */
class CloseLater extends Error {}

/**
 * Closes an order's WeChat Pay transaction so the buyer can no longer pay it: when its payment window passes
 * (the expiry sweep) and as soon as the order is called off unpaid (buyer or seller cancel), rather than leaving
 * it payable until the window ends. A close that answers ORDERPAID means the buyer paid first: the transaction
 * is taken as a payment (refunded in full when the order is no longer payable).
 */
@Injectable()
export class PaymentClosing {
  private readonly logger = new Logger(PaymentClosing.name);
  private readonly storeOrders: TenantRepository<StoreOrderRow>;

  constructor(
    tx: TransactionRunner,
    private readonly clients: WechatPayClients,
    private readonly taking: PaymentTaking,
    private readonly ledger: PaymentLedger,
    private readonly clock: Clock,
  ) {
    this.storeOrders = new TenantRepository(tx, StoreOrderRow, 'order');
  }

  @EventHandler(ORDER_EVENTS.cancelled, 'storefront.payments.close-on-cancel', {
    attempts: 8,
    backoffMs: 2000,
  })
  async onCancelled(event: PublishedEvent<OrderCancelledPayload>): Promise<void> {
    if (!event.merchantId || event.payload.channelType !== 'wechat') return;
    if (event.payload.previousStatus !== 'pending_payment') return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const order = await this.storeOrders.findOne(ctx, { id: event.payload.orderId });
    const payment = order ? await this.ledger.paymentOf(ctx, order.id) : null;
    if (!order || !payment?.prepayId || payment.state !== 'prepaid') return;
    const outcome = await this.close(ctx, order);
    if (outcome === 'retry') throw new CloseLater(`WeChat Pay could not close ${order.id} now`);
    if (outcome === 'closed') await this.ledger.recordClosed(ctx, order, this.clock.now());
  }

  /** 'closed' (or nothing left open), 'paid' (taken as a payment instead), 'retry' (WeChat Pay unreachable). */
  async close(ctx: RequestContext, order: StoreOrderRow): Promise<CloseOutcome> {
    const account = await this.clients.forAccount(ctx, order.channelAccountId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'wechatpay_not_configured') return null;
      throw error;
    });
    // WeChat Pay disconnected since: nothing we can close any more.
    if (!account) return 'closed';
    try {
      await account.client.close(order.id);
      return 'closed';
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
      if (error.code === 'ORDERPAID') {
        const transaction = await account.client.queryByOutTradeNo(order.id);
        await this.taking.settle(ctx, account, transaction, null);
        return 'paid';
      }
      if (error.transient || error.code === 'RESPONSE_UNVERIFIED') {
        this.logger.warn({ orderId: order.id, code: error.code }, 'WeChat Pay close failed; later');
        return 'retry';
      }
      // ORDER_NOT_EXIST, ORDER_CLOSED …: nothing left open at WeChat Pay.
      return 'closed';
    }
  }
}
