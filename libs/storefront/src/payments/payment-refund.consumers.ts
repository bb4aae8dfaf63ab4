import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { AFTER_SALE_EVENTS, AfterSaleEventPayload } from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { StoreOrderRow } from '../checkout/store-order.entity';
import { PAYMENT_EVENTS, PaymentRefundPayload } from './payment-events';
import { PaymentLedger } from './payment-ledger';
import { PaymentRefunds } from './payment-refunds.service';

/** WeChat Pay may be slow or briefly down; the refund call is idempotent, so it is simply tried again. */
const REFUND_RETRY = { attempts: 8, backoffMs: 2000 };

/**
 * The jobs that move money back: a requested refund becomes a WeChat Pay refund call; an after-sale of a
 * WeChat-shop order that is due its money (refund-only approved, or return-and-refund goods received) becomes
 * a requested refund keyed by the after-sale's id.
 */
@Injectable()
export class PaymentRefundConsumers {
  private readonly logger = new Logger(PaymentRefundConsumers.name);
  private readonly storeOrders: TenantRepository<StoreOrderRow>;

  constructor(
    tx: TransactionRunner,
    private readonly refunds: PaymentRefunds,
    private readonly ledger: PaymentLedger,
  ) {
    this.storeOrders = new TenantRepository(tx, StoreOrderRow, 'order');
  }

  @EventHandler(PAYMENT_EVENTS.refundRequested, 'storefront.payments.refund', REFUND_RETRY)
  async onRefundRequested(event: PublishedEvent<PaymentRefundPayload>): Promise<void> {
    if (!event.merchantId) return;
    await this.refunds.execute(contextOf(event), event.payload.outRefundNo);
  }

  @EventHandler(AFTER_SALE_EVENTS.approved, 'storefront.payments.after-sale-approved', REFUND_RETRY)
  async onApproved(event: PublishedEvent<AfterSaleEventPayload>): Promise<void> {
    if (event.payload.kind === 'refund_only') await this.refundAfterSale(event);
  }

  @EventHandler(AFTER_SALE_EVENTS.returned, 'storefront.payments.after-sale-returned', REFUND_RETRY)
  async onReturned(event: PublishedEvent<AfterSaleEventPayload>): Promise<void> {
    if (event.payload.kind === 'return_and_refund') await this.refundAfterSale(event);
  }

  private async refundAfterSale(event: PublishedEvent<AfterSaleEventPayload>): Promise<void> {
    const { payload } = event;
    if (!event.merchantId || payload.channelType !== 'wechat') return;
    const ctx = contextOf(event);
    const storeOrder = await this.storeOrders.findById(ctx, payload.orderId);
    if (!storeOrder) return; // a WeChat order not taken by our shop: its money is not ours to move
    const payment = await this.ledger.paymentOf(ctx, payload.orderId);
    if (payment?.state !== 'paid' || payment.paidFen === null) {
      this.logger.warn(
        { orderId: payload.orderId, afterSaleId: payload.afterSaleId, state: payment?.state ?? null },
        'after-sale due its money, but no WeChat Pay payment to refund from',
      );
      return;
    }
    await this.refunds.request(ctx, {
      orderId: payload.orderId,
      channelAccountId: storeOrder.channelAccountId,
      outRefundNo: payload.afterSaleId,
      afterSaleId: payload.afterSaleId,
      amountFen: payload.amountFen,
      totalFen: payment.paidFen,
    });
  }
}

function contextOf(event: PublishedEvent): RequestContext {
  return RequestContext.system(event.merchantId, `event:${event.id}`);
}
