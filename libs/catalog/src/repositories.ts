import { Injectable } from '@nestjs/common';
import { RequestContext } from '@tongdao/kernel';
import { TenantEntity, TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { EntityTarget, In, QueryDeepPartialEntity } from 'typeorm';
import { CatalogImport, ChannelListing, Product, Sku } from './entities';

const CHUNK = 500;

/** TenantRepository plus the batch operations the import and the listing sync need; still tenant-scoped. */
export class CatalogRepository<T extends TenantEntity> extends TenantRepository<T> {
  constructor(tx: TransactionRunner, target: EntityTarget<T>, label: string) {
    super(tx, target, label);
  }

  /** Inserts already-`create`d rows in multi-row statements. */
  async insertMany(ctx: RequestContext, rows: T[]): Promise<void> {
    for (const row of rows) if (row.merchantId !== ctx.tenantId) throw new Error('row of another tenant');
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.repo().insert(rows.slice(i, i + CHUNK) as unknown as QueryDeepPartialEntity<T>[]);
    }
  }

  /** Updates the given fields of one row of this tenant; stamps updatedAt. */
  async updateFields(ctx: RequestContext, id: string, fields: QueryDeepPartialEntity<T>): Promise<void> {
    await this.repo().update({ id, merchantId: ctx.tenantId } as never, {
      ...fields,
      updatedAt: new Date(),
    });
  }

  /** Rows whose `column` is one of `values`, in chunks so IN lists stay short. */
  async findIn(ctx: RequestContext, column: keyof T & string, values: readonly string[]): Promise<T[]> {
    const out: T[] = [];
    const unique = [...new Set(values)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      out.push(...(await this.find(ctx, { [column]: In(unique.slice(i, i + CHUNK)) } as never)));
    }
    return out;
  }
}

/** The catalog's tables, one repository each. */
@Injectable()
export class CatalogRepositories {
  readonly products: CatalogRepository<Product>;
  readonly skus: CatalogRepository<Sku>;
  readonly listings: CatalogRepository<ChannelListing>;
  readonly imports: CatalogRepository<CatalogImport>;

  constructor(tx: TransactionRunner) {
    this.products = new CatalogRepository(tx, Product, 'product');
    this.skus = new CatalogRepository(tx, Sku, 'sku');
    this.listings = new CatalogRepository(tx, ChannelListing, 'listing');
    this.imports = new CatalogRepository(tx, CatalogImport, 'import');
  }
}
