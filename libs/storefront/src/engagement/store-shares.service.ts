import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { ShopsService } from '@tongdao/identity';
import { DomainError, Id, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { BuyerSession, buyerContext } from '../buyers/buyer-session';
import { ShelfCatalog, ShelfProductView, StoreShops } from '../shelf';
import { SHARE_CODE_PATTERN, newShareCode, shareUrl } from './share-codes';
import { ShareRow } from './share.entity';

export interface ShareLinkView {
  code: string;
  url: string;
  shopId: string;
  productId: string | null;
}

export interface PublicShareView {
  code: string;
  shopId: string;
  shopName: string;
  productId: string | null;
  /** The product as the shelf shows it; null for a shop link, or once the product left the shelf. */
  product: ShelfProductView | null;
}

export interface Referral {
  code: string;
  /** The buyer who shared it; null for a staff link, or when the buyer follows their own link. */
  sharerCustomerId: string | null;
}

type Sharer = { customerId: Id; staffId?: undefined } | { staffId: Id; customerId?: undefined };

const CODE_ATTEMPTS = 5;

/**
 * Share links with a referrer code. Buyers share from the shop (staff may make links for campaigns too);
 * the code is resolved publicly when the link is opened, and by checkout to record who referred the order.
 */
@Injectable()
export class StoreShares {
  private readonly shares: TenantRepository<ShareRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly storeShops: StoreShops,
    private readonly catalog: ShelfCatalog,
    private readonly config: AppConfig,
  ) {
    this.shares = new TenantRepository(tx, ShareRow, 'share');
  }

  /**
   * The buyer's link to the shop or one product on its shelf (404 otherwise); the same buyer and target always
   * get the same code.
   */
  async shareAsBuyer(session: BuyerSession, productId: Id | null, requestId: string): Promise<ShareLinkView> {
    const ctx = buyerContext(session, requestId);
    if (productId) await this.catalog.product(session.shopId, productId, requestId);
    return this.share(ctx, session.shopId, productId, { customerId: session.customerId });
  }

  /** A staff member's link (campaign posters, the official account's menu). */
  async shareAsStaff(ctx: RequestContext, shopId: Id, productId: Id | null): Promise<ShareLinkView> {
    await this.shops.get(ctx, shopId);
    if (!ctx.staffId) throw new NotFoundError('staff member');
    if (productId) await this.catalog.product(shopId, productId, ctx.requestId);
    return this.share(ctx, shopId, productId, { staffId: ctx.staffId });
  }

  /** What an opened link shows: tenant-less, by shop and code; 404 for an unknown pair. */
  async open(shopId: Id, code: string, requestId: string): Promise<PublicShareView> {
    const shop = await this.storeShops.resolve(shopId);
    const ctx = RequestContext.system(shop.merchantId, requestId);
    const row = SHARE_CODE_PATTERN.test(code) ? await this.shares.findOne(ctx, { shopId, code }) : null;
    if (!row) throw new NotFoundError('share', code);
    return {
      code: row.code,
      shopId,
      shopName: shop.name,
      productId: row.productId,
      product: row.productId
        ? await this.catalog.product(shopId, row.productId, requestId).catch(nullIfGone)
        : null,
    };
  }

  /**
   * Who referred an order placed with `code` in this shop; null for an unknown code or another shop's. With the
   * buyer's id, a buyer's own link is not a referral (the code is kept, the sharer is null).
   */
  async referrerFor(
    ctx: RequestContext,
    shopId: Id,
    code: string,
    buyerCustomerId?: Id,
  ): Promise<Referral | null> {
    if (!SHARE_CODE_PATTERN.test(code)) return null;
    const row = await this.shares.findOne(ctx, { shopId, code });
    if (!row) return null;
    const self = buyerCustomerId !== undefined && row.sharerCustomerId === buyerCustomerId;
    return { code: row.code, sharerCustomerId: self ? null : row.sharerCustomerId };
  }

  private async share(
    ctx: RequestContext,
    shopId: Id,
    productId: Id | null,
    sharer: Sharer,
  ): Promise<ShareLinkView> {
    const sharerKey = sharer.customerId
      ? `customer:${sharer.customerId}:${productId ?? 'shop'}`
      : `staff:${sharer.staffId}:${productId ?? 'shop'}`;
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      const existing = await this.shares.findOne(ctx, { shopId, sharerKey });
      if (existing) return this.linkView(existing);
      try {
        const row = await this.shares.insert(ctx, {
          shopId,
          code: newShareCode(),
          productId,
          sharerCustomerId: sharer.customerId ?? null,
          sharerStaffId: sharer.staffId ?? null,
          sharerKey,
        });
        return this.linkView(row);
      } catch (error) {
        // Either the same sharer raced us (the next round finds their row) or a code collided (a new code).
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error('could not allocate a share code');
  }

  private linkView(row: ShareRow): ShareLinkView {
    return {
      code: row.code,
      url: shareUrl(this.config.publicUrl, row.shopId, row.code),
      shopId: row.shopId,
      productId: row.productId,
    };
  }
}

/** A shared product that left the shelf still opens the link (to the shop); any other failure is real. */
function nullIfGone(error: unknown): null {
  if (error instanceof DomainError && error.status === 404) return null;
  throw error;
}
