import { isUniqueViolation } from '@tongdao/persistence';
import { Injectable } from '@nestjs/common';
import { ConflictError, Id, Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TransactionRunner } from '@tongdao/persistence';
import { attributeProblem, sameAttributes } from './attributes';
import { CatalogEventWriter } from './catalog-events';
import { Attributes, Product, Sku, SkuStatus } from './entities';
import { ListingsService } from './listings.service';
import { ProductsService, attributesAgainstDefs } from './products.service';
import { CatalogRepositories } from './repositories';
import {
  Problems,
  barcodeProblem,
  likeLiteral,
  LIKE_ESCAPE,
  priceProblem,
  skuCodeProblem,
  weightProblem,
} from './rules';
import { SkuView, skuView } from './views';

export interface CreateSkuInput {
  code: string;
  priceFen: number;
  attributes?: Attributes;
  barcode?: string | null;
  weightGrams?: number | null;
}

export interface UpdateSkuInput {
  code?: string;
  priceFen?: number;
  attributes?: Attributes;
  barcode?: string | null;
  weightGrams?: number | null;
  status?: SkuStatus;
}

export interface SkuQuery extends PageQuery {
  codePrefix?: string;
  /** Matches the title of the SKU's product. */
  titleContains?: string;
  barcode?: string;
  productId?: string;
  status?: SkuStatus;
}

@Injectable()
export class SkusService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: CatalogRepositories,
    private readonly products: ProductsService,
    private readonly listings: ListingsService,
    private readonly events: CatalogEventWriter,
    private readonly audit: AuditLog,
  ) {}

  async create(ctx: RequestContext, productId: Id, input: CreateSkuInput): Promise<SkuView> {
    const attributes = input.attributes ?? {};
    new Problems()
      .add('code', skuCodeProblem(input.code ?? ''))
      .add('priceFen', priceProblem(input.priceFen))
      .add('attributes', attributeProblem(attributes))
      .add('barcode', input.barcode ? barcodeProblem(input.barcode) : null)
      .add('weightGrams', weightProblem(input.weightGrams ?? null))
      .throwIfAny();
    return this.uniqueCode(input.code, () =>
      this.tx.run(async () => {
        const product = await this.products.requireActive(ctx, productId);
        new Problems()
          .add('attributes', attributesAgainstDefs(attributes, product.attributeDefs))
          .throwIfAny();
        await this.assertCodeFree(ctx, input.code);
        const sku = await this.repos.skus.insert(ctx, {
          productId: product.id,
          code: input.code,
          attributes,
          priceFen: input.priceFen,
          barcode: input.barcode ?? null,
          weightGrams: input.weightGrams ?? null,
          status: 'active',
        });
        await this.events.skuCreated(ctx, sku);
        const mapped = await this.listings.autoMatchNewSkus(ctx, [sku]);
        await this.audit.record(ctx, {
          action: 'catalog.sku.create',
          targetType: 'sku',
          targetId: sku.id,
          summary: {
            code: sku.code,
            productId: sku.productId,
            priceFen: sku.priceFen,
            listingsMapped: mapped,
          },
        });
        return skuView(sku);
      }),
    );
  }

  async get(ctx: RequestContext, id: Id): Promise<SkuView> {
    return skuView(await this.repos.skus.getById(ctx, id));
  }

  /** Batched lookup for other contexts; ids that are unknown (or another merchant's) are simply absent. */
  async getMany(ctx: RequestContext, ids: readonly Id[]): Promise<SkuView[]> {
    return (await this.repos.skus.findIn(ctx, 'id', ids)).map(skuView);
  }

  async findByCode(ctx: RequestContext, code: string): Promise<SkuView | null> {
    const sku = await this.repos.skus.findOne(ctx, { code });
    return sku ? skuView(sku) : null;
  }

  async search(ctx: RequestContext, query: SkuQuery): Promise<Page<SkuView>> {
    const limit = pageSize(query);
    const qb = this.repos.skus.query(ctx, 's');
    if (query.codePrefix) {
      qb.andWhere(`s.code LIKE :code ${LIKE_ESCAPE}`, { code: `${likeLiteral(query.codePrefix)}%` });
    }
    if (query.barcode) qb.andWhere('s.barcode = :barcode', { barcode: query.barcode });
    if (query.productId) qb.andWhere('s.productId = :productId', { productId: query.productId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.titleContains) {
      qb.innerJoin(Product, 'p', 'p.id = s.productId AND p.merchantId = s.merchantId').andWhere(
        `p.title LIKE :title ${LIKE_ESCAPE}`,
        { title: `%${likeLiteral(query.titleContains)}%` },
      );
    }
    if (query.cursor) qb.andWhere('s.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('s.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, skuView);
  }

  async update(ctx: RequestContext, id: Id, patch: UpdateSkuInput): Promise<SkuView> {
    const problems = new Problems();
    if (patch.code !== undefined) problems.add('code', skuCodeProblem(patch.code));
    if (patch.priceFen !== undefined) problems.add('priceFen', priceProblem(patch.priceFen));
    if (patch.attributes !== undefined) problems.add('attributes', attributeProblem(patch.attributes));
    if (patch.barcode) problems.add('barcode', barcodeProblem(patch.barcode));
    if (patch.weightGrams !== undefined) problems.add('weightGrams', weightProblem(patch.weightGrams));
    problems.throwIfAny();
    return this.uniqueCode(patch.code ?? '', () =>
      this.tx.run(async () => {
        const sku = await this.repos.skus.getById(ctx, id);
        const changes: Record<string, [unknown, unknown]> = {};
        const set = <K extends keyof UpdateSkuInput & keyof Sku>(
          key: K,
          value: Sku[K],
          same = sku[key] === value,
        ) => {
          if (same) return;
          changes[key] = [sku[key], value];
          sku[key] = value;
        };
        if (patch.code !== undefined && patch.code !== sku.code) {
          await this.assertCodeFree(ctx, patch.code);
          set('code', patch.code);
        }
        if (patch.priceFen !== undefined) set('priceFen', patch.priceFen);
        if (patch.attributes !== undefined) {
          const product = await this.repos.products.getById(ctx, sku.productId);
          new Problems()
            .add('attributes', attributesAgainstDefs(patch.attributes, product.attributeDefs))
            .throwIfAny();
          set('attributes', patch.attributes, sameAttributes(sku.attributes, patch.attributes));
        }
        if (patch.barcode !== undefined) set('barcode', patch.barcode);
        if (patch.weightGrams !== undefined) set('weightGrams', patch.weightGrams);
        if (patch.status !== undefined) set('status', patch.status);
        const changed = Object.keys(changes);
        if (changed.length === 0) return skuView(sku);
        await this.repos.skus.save(ctx, sku);
        await this.events.skuUpdated(ctx, sku, changed);
        // A new code (or a SKU back from archive) may be what an unmapped listing was waiting for.
        if (sku.status === 'active' && (changes.code || changes.status))
          await this.listings.autoMatchNewSkus(ctx, [sku]);
        await this.audit.record(ctx, {
          action: 'catalog.sku.update',
          targetType: 'sku',
          targetId: sku.id,
          summary: changes,
        });
        return skuView(sku);
      }),
    );
  }

  private async assertCodeFree(ctx: RequestContext, code: string): Promise<void> {
    if (await this.repos.skus.findOne(ctx, { code })) throw codeTaken(code);
  }

  /** The pre-check misses a concurrent insert; the unique index does not. */
  private async uniqueCode<T>(code: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw codeTaken(code);
      throw error;
    }
  }
}

function codeTaken(code: string): ConflictError {
  return new ConflictError('sku_code_taken', `SKU code "${code}" is already used by another SKU`, [
    { field: 'code', problem: 'already used by another SKU of this merchant' },
  ]);
}
