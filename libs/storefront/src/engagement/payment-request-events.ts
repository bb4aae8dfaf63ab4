import { Injectable } from '@nestjs/common';
import { Clock, EventHandler, EventOutbox, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { ORDER_EVENTS } from '@tongdao/orders';
import { TransactionRunner } from '@tongdao/persistence';
import { PaymentRequestRow } from './payment-request.entity';
import { PAYMENT_REQUEST_EVENTS, paymentRequestEvent } from './payment-requests.service';

type OrderRef = PublishedEvent<{ orderId: string; channelType: string }>;

/** Payment requests are paid in the WeChat shop only: other channels' orders are none of their business. */
const fromTheShop = (event: OrderRef): boolean => event.payload.channelType === 'wechat';

/**
 * Follows the order a payment request became: paid → the request is paid; cancelled unpaid (payment
 * window over, buyer or seller cancelled) → the request opens again, so the buyer can still pay it before it
 * expires. Conditional updates make repeats and late deliveries harmless.
 */
@Injectable()
export class PaymentRequestEvents {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  @EventHandler(ORDER_EVENTS.paid, 'storefront.payment-requests.paid')
  async onPaid(event: OrderRef): Promise<void> {
    if (!fromTheShop(event)) return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const orderId = event.payload.orderId;
    await this.tx.run(async () => {
      const paidAt = this.clock.now();
      const result = await this.tx
        .manager()
        .createQueryBuilder()
        .update(PaymentRequestRow)
        .set({ state: 'paid', paidAt, updatedAt: paidAt })
        .where("merchant_id = :merchantId AND order_id = :orderId AND state = 'open'", {
          merchantId: ctx.tenantId,
          orderId,
        })
        .execute();
      if (!result.affected) return;
      const row = await this.tx
        .manager()
        .findOneByOrFail(PaymentRequestRow, { merchantId: ctx.tenantId, orderId });
      await this.outbox.record(ctx, paymentRequestEvent(PAYMENT_REQUEST_EVENTS.paid, row));
    });
  }

  @EventHandler(ORDER_EVENTS.cancelled, 'storefront.payment-requests.cancelled')
  async onCancelled(
    event: PublishedEvent<{ orderId: string; channelType: string; previousStatus: string | null }>,
  ): Promise<void> {
    if (!fromTheShop(event) || event.payload.previousStatus !== 'pending_payment') return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    await this.tx
      .manager()
      .createQueryBuilder()
      .update(PaymentRequestRow)
      .set({ orderId: null, updatedAt: this.clock.now() })
      .where("merchant_id = :merchantId AND order_id = :orderId AND state = 'open'", {
        merchantId: ctx.tenantId,
        orderId: event.payload.orderId,
      })
      .execute();
  }
}
