import { Inject, Injectable, forwardRef } from '@nestjs/common';
import { Clock, Id, NotFoundError } from '@tongdao/kernel';
import { OrderReceiver } from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { StoreCheckout } from '../checkout/store-checkout.service';
import type { StoreOrderView } from '../checkout/store-order.view';
import { PaymentRequestRow } from './payment-request.entity';
import { lockOpenRequest } from './payment-request.rules';
import { BuyerPaymentRequestView, buyerPaymentRequestView } from './payment-request.view';

export interface PaymentRequestCheckoutInput {
  receiver: OrderReceiver;
  buyerMessage?: string | null;
}

/**
 * The buyer's side of a payment request: only the buyer it was made for sees it (anyone else: 404), and it
 * turns into one order at the seller's prices, once.
 */
@Injectable()
export class BuyerPaymentRequests {
  private readonly requests: TenantRepository<PaymentRequestRow>;

  constructor(
    private readonly tx: TransactionRunner,
    // Checkout reads share codes from this area, so the import is circular: resolve the class lazily.
    @Inject(forwardRef(() => StoreCheckout)) private readonly storeCheckout: StoreCheckout,
    private readonly clock: Clock,
  ) {
    this.requests = new TenantRepository(tx, PaymentRequestRow, 'payment request');
  }

  async get(session: BuyerSession, id: Id, requestId: string): Promise<BuyerPaymentRequestView> {
    return buyerPaymentRequestView(await this.find(session, id, requestId), this.clock.now());
  }

  /**
   * Places the order under the request's row lock, so a second checkout (even a concurrent one) finds it
   * used. If that order is later cancelled unpaid, the request opens again (see PaymentRequestEvents).
   */
  async checkout(
    session: BuyerSession,
    id: Id,
    input: PaymentRequestCheckoutInput,
    requestId: string,
  ): Promise<StoreOrderView> {
    const ctx = buyerContext(session, requestId);
    await this.find(session, id, requestId);
    return this.tx.run(async () => {
      const row = await lockOpenRequest(this.tx, this.requests, this.clock, ctx, id, {
        code: 'payment_request_used',
        message: 'An order was already placed from this payment request',
      });
      const order = await this.storeCheckout.place(
        session,
        {
          lines: row.lines.map((l) => ({
            skuId: l.skuId,
            quantity: l.quantity,
            unitPriceFen: l.unitPriceFen,
          })),
          receiver: input.receiver,
          buyerMessage: input.buyerMessage ?? null,
          paymentRequestId: row.id,
        },
        requestId,
      );
      row.orderId = order.id;
      await this.requests.save(ctx, row);
      return order;
    });
  }

  private async find(session: BuyerSession, id: Id, requestId: string): Promise<PaymentRequestRow> {
    const row = await this.requests.findOne(buyerContext(session, requestId), {
      id,
      shopId: session.shopId,
      customerId: session.customerId,
    });
    if (!row) throw new NotFoundError('payment request', id);
    return row;
  }
}
