import { Injectable } from '@nestjs/common';
import { ConflictError, Id, ValidationFailedError } from '@tongdao/kernel';
import { TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { In } from 'typeorm';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { ShelfRepositories } from './shelf.repositories';
import { StoreShelf } from './store-shelf.service';

export const MAX_CART_QUANTITY = 99;
export const MAX_CART_LINES = 50;

export interface CartLineView {
  skuId: Id;
  quantity: number;
  /** false when the SKU is no longer on sale in this shop (archived, unpublished): checkout would refuse it. */
  onSale: boolean;
  productId: Id | null;
  title: string | null;
  unitPriceFen: number | null;
  totalFen: number | null;
  available: number;
}

export interface CartView {
  items: CartLineView[];
  /** The lines still on sale, at today's prices. */
  totalFen: number;
}

/** A buyer's cart in one shop; lines are priced when read, so the cart never shows a stale price. */
@Injectable()
export class StoreCart {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: ShelfRepositories,
    private readonly shelf: StoreShelf,
  ) {}

  async view(session: BuyerSession, requestId: string): Promise<CartView> {
    const ctx = buyerContext(session, requestId);
    const lines = await this.linesOf(session);
    const { offers } = await this.shelf.offers(
      ctx,
      session.channelAccountId,
      lines.map((l) => l.skuId),
    );
    const items = lines.map((line): CartLineView => {
      const offer = offers.get(line.skuId);
      return {
        skuId: line.skuId,
        quantity: line.quantity,
        onSale: offer !== undefined,
        productId: offer?.productId ?? null,
        title: offer?.title ?? null,
        unitPriceFen: offer?.priceFen ?? null,
        totalFen: offer ? offer.priceFen * line.quantity : null,
        available: offer?.available ?? 0,
      };
    });
    return { items, totalFen: items.reduce((sum, i) => sum + (i.totalFen ?? 0), 0) };
  }

  /** Sets the quantity of one SKU (adding the line if new); only SKUs on sale in the shop go in. */
  async setQuantity(
    session: BuyerSession,
    skuId: Id,
    quantity: number,
    requestId: string,
  ): Promise<CartView> {
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_CART_QUANTITY)
      throw new ValidationFailedError('validation_failed', 'Some fields are invalid', [
        { field: 'quantity', problem: `a whole number from 1 to ${MAX_CART_QUANTITY}` },
      ]);
    const ctx = buyerContext(session, requestId);
    const { offers } = await this.shelf.offers(ctx, session.channelAccountId, [skuId]);
    if (!offers.has(skuId))
      throw new ConflictError('not_on_sale', 'This item is not on sale in this shop', [
        { field: 'skuId', problem: `${skuId} is not on sale` },
      ]);
    const owner = { shopId: session.shopId, customerId: session.customerId };
    const write = () =>
      this.tx.run(async () => {
        const line = await this.repos.cart.findOne(ctx, { ...owner, skuId });
        if (line) {
          line.quantity = quantity;
          await this.repos.cart.save(ctx, line);
          return;
        }
        if ((await this.repos.cart.count(ctx, owner)) >= MAX_CART_LINES)
          throw new ConflictError('cart_full', `A cart holds at most ${MAX_CART_LINES} different items`);
        await this.repos.cart.insert(ctx, { ...owner, skuId, quantity });
      });
    try {
      await write();
    } catch (error) {
      // The same buyer added the same SKU twice at once: the unique line decides, the second one updates it.
      if (!isUniqueViolation(error)) throw error;
      await write();
    }
    return this.view(session, requestId);
  }

  async remove(session: BuyerSession, skuId: Id, requestId: string): Promise<CartView> {
    await this.clear(session, [skuId]);
    return this.view(session, requestId);
  }

  /** The cart's lines, oldest first (checkout's "fromCart"). */
  async linesOf(session: BuyerSession): Promise<Array<{ skuId: Id; quantity: number }>> {
    const rows = await this.repos.cart.find(
      buyerContext(session, 'cart'),
      { shopId: session.shopId, customerId: session.customerId },
      { id: 'ASC' },
    );
    return rows.map((r) => ({ skuId: r.skuId, quantity: r.quantity }));
  }

  /** Empties the cart, or takes out only these SKUs (what an order just bought). Joins the caller's transaction. */
  async clear(session: BuyerSession, skuIds?: readonly Id[]): Promise<void> {
    if (skuIds && skuIds.length === 0) return;
    await this.repos.cart.delete(buyerContext(session, 'cart'), {
      shopId: session.shopId,
      customerId: session.customerId,
      ...(skuIds ? { skuId: In([...skuIds]) } : {}),
    });
  }
}
