import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { Clock, Id, ValidationFailedError } from '@tongdao/kernel';
import { OrderPlacement, OrderReceiver } from '@tongdao/orders';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { StoreShares } from '../engagement';
import { StoreCart, StoreShelf } from '../shelf';
import { StoreOrderRow } from './store-order.entity';
import { StoreOrderView, storeOrderView } from './store-order.view';
import { StoreOrders } from './store-orders.service';

export interface CheckoutLine {
  skuId: Id;
  quantity: number;
  /** The seller's price: honoured only for a payment request (the storefront prices everything else). */
  unitPriceFen?: number;
}

export interface CheckoutInput {
  /** What to buy; or `fromCart`. */
  lines?: CheckoutLine[];
  /** Buy what is in the buyer's cart; those SKUs leave the cart once the order is placed. */
  fromCart?: boolean;
  receiver: OrderReceiver;
  buyerMessage?: string | null;
  referrerCode?: string | null;
  paymentRequestId?: Id | null;
  /** The buyer's Idempotency-Key: the same key again returns the order it made, and makes no other. */
  idempotencyKey?: string | null;
}

/**
 * Checkout in the WeChat shop: prices come from the shelf, never from the buyer; the order goes into the
 * unified desk unpaid with its stock held for STORE_PAYMENT_MINUTES; the storefront's own row (who, how much,
 * until when, which share or payment request) is written in the same transaction.
 */
@Injectable()
export class StoreCheckout {
  private readonly storeOrders: TenantRepository<StoreOrderRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly placement: OrderPlacement,
    private readonly shelf: StoreShelf,
    private readonly cart: StoreCart,
    private readonly shares: StoreShares,
    private readonly orders: StoreOrders,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.storeOrders = new TenantRepository(tx, StoreOrderRow, 'order');
  }

  async place(session: BuyerSession, input: CheckoutInput, requestId: string): Promise<StoreOrderView> {
    const ctx = buyerContext(session, requestId);
    const key = input.idempotencyKey ?? null;
    if (key) {
      const earlier = await this.storeOrders.findOne(ctx, {
        customerId: session.customerId,
        idempotencyKey: key,
      });
      if (earlier) return this.orders.get(session, earlier.id, requestId);
    }
    const wanted = await this.linesWanted(session, input);
    if (!input.paymentRequestId && wanted.some((l) => l.unitPriceFen !== undefined)) {
      throw new ValidationFailedError('validation_failed', 'Prices are set by the shop', [
        { field: 'lines', problem: 'unitPriceFen is not accepted' },
      ]);
    }
    const priced = await this.shelf.priceLines(
      ctx,
      session.channelAccountId,
      wanted.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    );
    const lines = priced.map((line, i) => ({
      ...line,
      unitPriceFen: input.paymentRequestId
        ? (wanted[i].unitPriceFen ?? line.unitPriceFen)
        : line.unitPriceFen,
    }));
    const referral = input.referrerCode
      ? await this.shares.referrerFor(ctx, session.shopId, input.referrerCode, session.customerId)
      : null;
    const expiresAt = new Date(this.clock.now().getTime() + this.config.STORE_PAYMENT_MINUTES * 60_000);
    try {
      const placed = await this.tx.run(async () => {
        const order = await this.placement.place(ctx, {
          shopId: session.shopId,
          channelAccountId: session.channelAccountId,
          customerId: session.customerId,
          buyerName: input.receiver.name,
          receiver: input.receiver,
          buyerMessage: input.buyerMessage ?? null,
          lines: lines.map((l) => ({
            skuId: l.skuId,
            channelItemId: l.productId,
            channelSkuId: l.skuId,
            title: l.title,
            quantity: l.quantity,
            unitPriceFen: l.unitPriceFen,
          })),
          shippingFen: 0,
          discountFen: 0,
          expiresAt,
        });
        const row = this.storeOrders.create(ctx, {
          shopId: session.shopId,
          channelAccountId: session.channelAccountId,
          customerId: session.customerId,
          openid: session.openid,
          payableFen: order.itemsFen + order.shippingFen - order.discountFen,
          description: describe(lines.map((l) => l.title)),
          expiresAt,
          referrerCode: referral?.code ?? null,
          referrerCustomerId: referral?.sharerCustomerId ?? null,
          paymentRequestId: input.paymentRequestId ?? null,
          idempotencyKey: key,
        });
        row.id = order.id;
        await this.tx.manager().insert(StoreOrderRow, row);
        return { order, row };
      });
      if (input.fromCart)
        await this.cart.clear(
          session,
          wanted.map((l) => l.skuId),
        );
      // What was just written is the order: no need to read it back (lines in the desk's order).
      const deskLines = [...(placed.order.lines ?? [])].sort((a, b) =>
        a.externalLineId < b.externalLineId ? -1 : a.externalLineId > b.externalLineId ? 1 : 0,
      );
      return storeOrderView({ ...placed.order, lines: deskLines }, placed.row);
    } catch (error) {
      // The same key sent twice at once: the unique index lets one through; the other returns its order.
      if (key && isUniqueViolation(error)) {
        const winner = await this.storeOrders.findOne(ctx, {
          customerId: session.customerId,
          idempotencyKey: key,
        });
        if (winner) return this.orders.get(session, winner.id, requestId);
      }
      throw error;
    }
  }

  private async linesWanted(session: BuyerSession, input: CheckoutInput): Promise<CheckoutLine[]> {
    if (input.fromCart === true && !input.lines) {
      const inCart = await this.cart.linesOf(session);
      if (inCart.length === 0) {
        throw new ValidationFailedError('cart_empty', 'The cart is empty', [
          { field: 'fromCart', problem: 'nothing in the cart' },
        ]);
      }
      return inCart.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
    }
    if (input.fromCart === true || !input.lines || input.lines.length === 0) {
      throw new ValidationFailedError('validation_failed', 'Give either lines or fromCart', [
        { field: 'lines', problem: 'exactly one of lines and fromCart: true' },
      ]);
    }
    return input.lines;
  }
}

/** WeChat Pay's description: ≤ 127 characters, the first item and how many others. */
function describe(titles: string[]): string {
  const more = titles.length > 1 ? ` 等${titles.length}件` : '';
  return titles[0].slice(0, 127 - more.length) + more;
}
