import { Injectable } from '@nestjs/common';
import { ShopsService } from '@tongdao/identity';
import { Id, Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { LessThan } from 'typeorm';
import { ShareRow } from './share.entity';
import { shareUrl } from './share-codes';
import { AppConfig } from '@tongdao/config';

export interface ShareStatsView {
  code: string;
  url: string;
  productId: string | null;
  sharerCustomerId: string | null;
  sharerStaffId: string | null;
  createdAt: string;
  /** Orders placed through the link (the sharer's own orders do not count). */
  orders: number;
  /** Of those, the ones paid and not wholly refunded or cancelled. */
  paidOrders: number;
  /** What those paid orders brought in, net of refunds, fen. */
  paidFen: number;
}

/** Paid and still standing: cancelled and closed (refunded in full) orders are not referral revenue. */
const PAID_STATUSES = ['paid', 'partially_shipped', 'shipped', 'delivered', 'completed'];

interface StatsRow {
  code: string;
  orders: string | number;
  paidOrders: string | number | null;
  paidFen: string | number | null;
}

/** The merchant's view of share links: each code with the orders it referred. */
@Injectable()
export class StoreShareStats {
  private readonly shares: TenantRepository<ShareRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly config: AppConfig,
  ) {
    this.shares = new TenantRepository(tx, ShareRow, 'share');
  }

  async list(ctx: RequestContext, shopId: Id, query: PageQuery): Promise<Page<ShareStatsView>> {
    await this.shops.get(ctx, shopId);
    const rows = await this.shares.find(
      ctx,
      query.cursor ? { shopId, id: LessThan(query.cursor) } : { shopId },
      { id: 'DESC' },
      pageSize(query) + 1,
    );
    const stats = await this.statsOf(
      ctx,
      shopId,
      rows.slice(0, pageSize(query)).map((r) => r.code),
    );
    return toPage(rows, pageSize(query), (row) => {
      const s = stats.get(row.code);
      return {
        code: row.code,
        url: shareUrl(this.config.publicUrl, row.shopId, row.code),
        productId: row.productId,
        sharerCustomerId: row.sharerCustomerId,
        sharerStaffId: row.sharerStaffId,
        createdAt: row.createdAt.toISOString(),
        orders: Number(s?.orders ?? 0),
        paidOrders: Number(s?.paidOrders ?? 0),
        paidFen: Number(s?.paidFen ?? 0),
      };
    });
  }

  /**
   * The storefront's order rows joined to the desk's orders for their status and money: the storefront owns
   * the referral, the desk owns whether it was paid.
   */
  private async statsOf(ctx: RequestContext, shopId: Id, codes: string[]): Promise<Map<string, StatsRow>> {
    if (codes.length === 0) return new Map();
    const paid = PAID_STATUSES.map(() => '?').join(', ');
    const rows: StatsRow[] = await this.tx.manager().query(
      `SELECT so.referrer_code AS code,
              COUNT(*) AS orders,
              SUM(CASE WHEN o.status IN (${paid}) THEN 1 ELSE 0 END) AS paidOrders,
              SUM(CASE WHEN o.status IN (${paid}) THEN o.paid_fen - o.refunded_fen ELSE 0 END) AS paidFen
         FROM store_orders so
         JOIN store_shares s ON s.merchant_id = so.merchant_id AND s.shop_id = so.shop_id AND s.code = so.referrer_code
         JOIN orders o ON o.merchant_id = so.merchant_id AND o.id = so.id
        WHERE so.merchant_id = ? AND so.shop_id = ? AND so.referrer_code IN (${codes.map(() => '?').join(', ')})
          AND (s.sharer_customer_id IS NULL OR s.sharer_customer_id <> so.customer_id)
        GROUP BY so.referrer_code`,
      [...PAID_STATUSES, ...PAID_STATUSES, ctx.tenantId, shopId, ...codes],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }
}
