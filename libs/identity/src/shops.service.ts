import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  Id,
  NotFoundError,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  toPage,
} from '@tongdao/kernel';
import { AuditLog } from './audit/audit-log.service';
import { IdentityRepositories } from './repositories';
import { ShopRow } from './entities';
import { ShopView, shopView } from './views';
import { TransactionRunner } from '@tongdao/persistence';

@Injectable()
export class ShopsService {
  constructor(
    private readonly repos: IdentityRepositories,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** Shops the actor's scope covers. */
  async list(ctx: RequestContext, query: PageQuery): Promise<Page<ShopView>> {
    const scope = ctx.actor?.shopScope ?? 'all';
    const where = scope === 'all' ? {} : { id: In([...scope]) };
    const rows = await this.repos.shops.pageRows(ctx, query, where);
    return toPage(rows, query.limit ?? 20, shopView);
  }

  async get(ctx: RequestContext, id: Id): Promise<ShopView> {
    const scope = ctx.actor?.shopScope ?? 'all';
    if (scope !== 'all' && !scope.includes(id)) throw new NotFoundError('shop', id);
    return shopView(await this.repos.shops.getById(ctx, id));
  }

  /**
   * Tenant-less: which merchant a shop belongs to, for public routes that name only a shop (the WeChat
   * storefront). `open` is false when the shop is closed or its merchant suspended. null for an unknown id.
   */
  async locate(shopId: Id): Promise<{ shopId: Id; merchantId: Id; name: string; open: boolean } | null> {
    if (typeof shopId !== 'string' || shopId.length === 0 || shopId.length > 26) return null;
    const shop = await this.tx
      .manager()
      .getRepository(ShopRow)
      .findOne({ where: { id: shopId } });
    if (!shop) return null;
    const merchant = await this.repos.merchants().findOne({ where: { id: shop.merchantId } });
    return {
      shopId: shop.id,
      merchantId: shop.merchantId,
      name: shop.name,
      open: shop.status === 'active' && merchant?.status === 'active',
    };
  }

  /** For other contexts: the shop must be the tenant's (404 otherwise). */
  async assertExists(ctx: RequestContext, id: Id): Promise<void> {
    await this.repos.shops.getById(ctx, id);
  }

  /** Every id must be one of the tenant's shops; answers 400 naming the field otherwise. */
  async assertAllExist(ctx: RequestContext, ids: readonly Id[], field = 'shopIds'): Promise<void> {
    const unique = [...new Set(ids)];
    const found = await this.repos.shops.findByIds(ctx, unique);
    if (found.length !== unique.length) {
      const known = new Set(found.map((s) => s.id));
      throw new ValidationFailedError('unknown_shop', 'Some shops do not exist', [
        ...unique.filter((id) => !known.has(id)).map((id) => ({ field, problem: `no shop ${id}` })),
      ]);
    }
  }

  async create(ctx: RequestContext, input: { name: string }): Promise<ShopView> {
    return this.tx.run(async () => {
      const shop = await this.repos.shops.insert(ctx, { name: input.name.trim(), status: 'active' });
      await this.audit.record(ctx, {
        action: 'shop.create',
        targetType: 'shop',
        targetId: shop.id,
        summary: { name: shop.name },
      });
      return shopView(shop);
    });
  }

  async update(
    ctx: RequestContext,
    id: Id,
    patch: { name?: string; status?: 'active' | 'closed' },
  ): Promise<ShopView> {
    return this.tx.run(async () => {
      const shop = await this.repos.shops.getById(ctx, id);
      const changes: Record<string, unknown> = {};
      if (patch.name !== undefined && patch.name.trim() !== shop.name) {
        changes.name = [shop.name, patch.name.trim()];
        shop.name = patch.name.trim();
      }
      if (patch.status !== undefined && patch.status !== shop.status) {
        changes.status = [shop.status, patch.status];
        shop.status = patch.status;
      }
      await this.repos.shops.save(ctx, shop);
      await this.audit.record(ctx, {
        action: 'shop.update',
        targetType: 'shop',
        targetId: id,
        summary: changes,
      });
      return shopView(shop);
    });
  }
}
