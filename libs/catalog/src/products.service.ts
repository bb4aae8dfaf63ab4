import { Injectable } from '@nestjs/common';
import { ConflictError, Id, Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TransactionRunner } from '@tongdao/persistence';
import { attributeProblem, MAX_ATTRIBUTES } from './attributes';
import { AttributeDef, ProductStatus } from './entities';
import { CatalogRepositories } from './repositories';
import { Problems, likeLiteral, LIKE_ESCAPE, titleProblem } from './rules';
import { ProductView, productView } from './views';

export interface CreateProductInput {
  title: string;
  description?: string | null;
  attributeDefs?: AttributeDef[] | null;
}

export interface UpdateProductInput {
  title?: string;
  description?: string | null;
  status?: ProductStatus;
  attributeDefs?: AttributeDef[] | null;
}

export interface ProductQuery extends PageQuery {
  titleContains?: string;
  status?: ProductStatus;
}

@Injectable()
export class ProductsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: CatalogRepositories,
    private readonly audit: AuditLog,
  ) {}

  async create(ctx: RequestContext, input: CreateProductInput): Promise<ProductView> {
    const problems = new Problems().add('title', titleProblem(input.title ?? ''));
    if (input.attributeDefs) problems.add('attributeDefs', attributeDefsProblem(input.attributeDefs));
    problems.throwIfAny();
    return this.tx.run(async () => {
      const product = await this.repos.products.insert(ctx, {
        title: input.title.trim(),
        description: input.description ?? null,
        status: 'active',
        attributeDefs: input.attributeDefs ?? null,
      });
      await this.audit.record(ctx, {
        action: 'catalog.product.create',
        targetType: 'product',
        targetId: product.id,
        summary: { title: product.title },
      });
      return productView(product);
    });
  }

  async get(ctx: RequestContext, id: Id): Promise<ProductView> {
    return productView(await this.repos.products.getById(ctx, id));
  }

  /** Batched lookup for other contexts; ids that are unknown (or another merchant's) are simply absent. */
  async getMany(ctx: RequestContext, ids: readonly Id[]): Promise<ProductView[]> {
    return (await this.repos.products.findIn(ctx, 'id', ids)).map(productView);
  }

  async list(ctx: RequestContext, query: ProductQuery): Promise<Page<ProductView>> {
    const limit = pageSize(query);
    const qb = this.repos.products.query(ctx, 'p');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.titleContains) {
      qb.andWhere(`p.title LIKE :title ${LIKE_ESCAPE}`, { title: `%${likeLiteral(query.titleContains)}%` });
    }
    if (query.cursor) qb.andWhere('p.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('p.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, productView);
  }

  async update(ctx: RequestContext, id: Id, patch: UpdateProductInput): Promise<ProductView> {
    const problems = new Problems();
    if (patch.title !== undefined) problems.add('title', titleProblem(patch.title));
    if (patch.attributeDefs) problems.add('attributeDefs', attributeDefsProblem(patch.attributeDefs));
    problems.throwIfAny();
    return this.tx.run(async () => {
      const product = await this.repos.products.getById(ctx, id);
      const changes: Record<string, [unknown, unknown]> = {};
      const set = <K extends keyof UpdateProductInput & keyof typeof product>(
        key: K,
        value: (typeof product)[K],
      ) => {
        if (JSON.stringify(product[key]) === JSON.stringify(value)) return;
        changes[key] = [product[key], value];
        product[key] = value;
      };
      if (patch.title !== undefined) set('title', patch.title.trim());
      if (patch.description !== undefined) set('description', patch.description);
      if (patch.status !== undefined) set('status', patch.status);
      if (patch.attributeDefs !== undefined) set('attributeDefs', patch.attributeDefs);
      if (Object.keys(changes).length === 0) return productView(product);
      await this.repos.products.save(ctx, product);
      await this.audit.record(ctx, {
        action: 'catalog.product.update',
        targetType: 'product',
        targetId: product.id,
        summary: changes,
      });
      return productView(product);
    });
  }

  /** For SKU writes: the product must be the tenant's (404 otherwise) and not archived. */
  async requireActive(
    ctx: RequestContext,
    id: Id,
  ): Promise<{ id: Id; attributeDefs: AttributeDef[] | null }> {
    const product = await this.repos.products.getById(ctx, id);
    if (product.status !== 'active') {
      throw new ConflictError('product_archived', `product ${id} is archived; restore it before adding SKUs`);
    }
    return product;
  }
}

function attributeDefsProblem(defs: AttributeDef[]): string | null {
  if (!Array.isArray(defs) || defs.length > MAX_ATTRIBUTES)
    return `expected at most ${MAX_ATTRIBUTES} definitions`;
  const names = new Set<string>();
  for (const def of defs) {
    if (typeof def?.name !== 'string' || !Array.isArray(def.values))
      return 'each definition is {name, values[]}';
    if (names.has(def.name)) return `attribute "${def.name}" is defined twice`;
    names.add(def.name);
    if (def.values.length > 200) return `at most 200 values for "${def.name}"`;
    // Each (name, value) must be something a SKU could carry.
    for (const value of def.values.length > 0 ? def.values : ['x']) {
      const problem = attributeProblem({ [def.name]: value });
      if (problem) return problem;
    }
  }
  return null;
}

/** What is wrong with SKU attributes under a product's definitions (no definitions: anything goes). */
export function attributesAgainstDefs(
  attributes: Record<string, string>,
  defs: AttributeDef[] | null,
): string | null {
  if (!defs || defs.length === 0) return null;
  for (const [name, value] of Object.entries(attributes)) {
    const def = defs.find((d) => d.name === name);
    if (!def) return `"${name}" is not an attribute of this product (${defs.map((d) => d.name).join(', ')})`;
    if (def.values.length > 0 && !def.values.includes(value)) {
      return `"${value}" is not a value of ${name} (${def.values.join(', ')})`;
    }
  }
  return null;
}
