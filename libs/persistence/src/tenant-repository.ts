import {
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  In,
  LessThan,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { newId, NotFoundError, PageQuery, pageSize, RequestContext } from '@tongdao/kernel';
import { TenantEntity } from './tenant-entity';
import { TransactionRunner } from './transaction-runner';

type Where<T> = FindOptionsWhere<T>;

/**
 * The only door to a tenant table. Every read and write is scoped by `ctx.tenantId` here, once, so no query
 * can forget it: an id belonging to another merchant simply is not found.
 */
export class TenantRepository<T extends TenantEntity> {
  constructor(
    protected readonly tx: TransactionRunner,
    private readonly target: EntityTarget<T>,
    private readonly label: string,
  ) {}

  protected repo(): Repository<T> {
    return this.tx.manager().getRepository(this.target);
  }

  protected scope(ctx: RequestContext, where: Where<T> = {}): Where<T> {
    return { ...where, merchantId: ctx.tenantId };
  }

  async findById(ctx: RequestContext, id: string): Promise<T | null> {
    if (typeof id !== 'string' || id.length === 0) return null;
    return this.repo().findOne({ where: this.scope(ctx, { id } as Where<T>) });
  }

  async getById(ctx: RequestContext, id: string): Promise<T> {
    const row = await this.findById(ctx, id);
    if (!row) throw new NotFoundError(this.label, id);
    return row;
  }

  async findByIds(ctx: RequestContext, ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    return this.repo().find({ where: this.scope(ctx, { id: In([...ids]) } as Where<T>) });
  }

  async findOne(ctx: RequestContext, where: Where<T>): Promise<T | null> {
    return this.repo().findOne({ where: this.scope(ctx, where) });
  }

  async find(
    ctx: RequestContext,
    where: Where<T> = {},
    order?: FindOptionsOrder<T>,
    take?: number,
  ): Promise<T[]> {
    return this.repo().find({ where: this.scope(ctx, where), order, take });
  }

  async count(ctx: RequestContext, where: Where<T> = {}): Promise<number> {
    return this.repo().count({ where: this.scope(ctx, where) });
  }

  /** Newest first, keyset on the time-ordered id; returns limit+1 rows for `toPage`. */
  async pageRows(ctx: RequestContext, query: PageQuery, where: Where<T> = {}): Promise<T[]> {
    const filter = query.cursor ? ({ ...where, id: LessThan(query.cursor) } as Where<T>) : where;
    return this.repo().find({
      where: this.scope(ctx, filter),
      order: { id: 'DESC' } as FindOptionsOrder<T>,
      take: pageSize(query) + 1,
    });
  }

  /** New row: the application mints the id and stamps the tenant. */
  create(ctx: RequestContext, fields: Omit<Partial<T>, 'id' | 'merchantId' | 'createdAt' | 'updatedAt'>): T {
    const now = new Date();
    return this.repo().create({
      ...fields,
      id: newId(),
      merchantId: ctx.tenantId,
      createdAt: now,
      updatedAt: now,
    } as unknown as T);
  }

  async insert(
    ctx: RequestContext,
    fields: Omit<Partial<T>, 'id' | 'merchantId' | 'createdAt' | 'updatedAt'>,
  ): Promise<T> {
    const entity = this.create(ctx, fields);
    await this.repo().insert(entity as unknown as Parameters<Repository<T>['insert']>[0]);
    return entity;
  }

  async save(ctx: RequestContext, entity: T): Promise<T> {
    if (entity.merchantId !== ctx.tenantId) throw new NotFoundError(this.label, entity.id);
    entity.updatedAt = new Date();
    return this.repo().save(entity as T & ObjectLiteral);
  }

  async delete(ctx: RequestContext, where: Where<T>): Promise<number> {
    const result = await this.repo().delete(this.scope(ctx, where));
    return result.affected ?? 0;
  }

  /** A query builder already restricted to the tenant, for queries the find API cannot express. */
  query(ctx: RequestContext, alias: string): SelectQueryBuilder<T> {
    return this.repo()
      .createQueryBuilder(alias)
      .where(`${alias}.merchantId = :tenantId`, { tenantId: ctx.tenantId });
  }
}
