import { Injectable } from '@nestjs/common';
import { ConflictError, RequestContext, ValidationFailedError, newId } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { Warehouse } from './entities';
import { isUniqueViolation } from './sql';

export const DEFAULT_WAREHOUSE_CODE = 'DEFAULT';
const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

export interface WarehouseView {
  id: string;
  code: string;
  name: string;
  isDefault: boolean;
  createdAt: string;
}

export interface CreateWarehouseInput {
  code: string;
  name: string;
}

@Injectable()
export class WarehouseService {
  private readonly warehouses: TenantRepository<Warehouse>;
  /** merchant id → default warehouse id; it never changes once created, and reserve asks on every call. */
  private readonly defaults = new Map<string, string>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {
    this.warehouses = new TenantRepository(tx, Warehouse, 'warehouse');
  }

  async list(ctx: RequestContext): Promise<WarehouseView[]> {
    await this.defaultWarehouseId(ctx);
    const rows = await this.warehouses.find(ctx, {}, { id: 'ASC' });
    return rows.map(toView);
  }

  async create(ctx: RequestContext, input: CreateWarehouseInput): Promise<WarehouseView> {
    const code = typeof input.code === 'string' ? input.code.trim().toUpperCase() : '';
    if (!CODE.test(code) || code === DEFAULT_WAREHOUSE_CODE) {
      throw new ValidationFailedError('invalid_warehouse_code', 'code is invalid', [
        { field: 'code', problem: `1-32 characters of A-Z, 0-9, _ or -, not ${DEFAULT_WAREHOUSE_CODE}` },
      ]);
    }
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 100) {
      throw new ValidationFailedError('validation_failed', 'name is invalid', [
        { field: 'name', problem: 'expected 1-100 characters' },
      ]);
    }
    await this.defaultWarehouseId(ctx);
    try {
      return await this.tx.run(async () => {
        const row = await this.warehouses.insert(ctx, { code, name, isDefault: false });
        await this.audit.record(ctx, {
          action: 'warehouse.create',
          targetType: 'warehouse',
          targetId: row.id,
          summary: { code, name },
        });
        return toView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('warehouse_code_taken', `a warehouse with code ${code} already exists`, [
          { field: 'code', problem: 'already used' },
        ]);
      }
      throw error;
    }
  }

  /** The given warehouse (404 for another merchant's), or the merchant's default one. */
  async resolve(ctx: RequestContext, warehouseId?: string | null): Promise<string> {
    if (warehouseId === undefined || warehouseId === null) return this.defaultWarehouseId(ctx);
    return (await this.warehouses.getById(ctx, warehouseId)).id;
  }

  /**
   * Created on first use. Runs outside the caller's transaction (an INSERT IGNORE inside a long transaction
   * would hold locks other merchants' first calls wait on); two racing first calls end with one row.
   */
  async defaultWarehouseId(ctx: RequestContext): Promise<string> {
    const merchantId = ctx.tenantId;
    const cached = this.defaults.get(merchantId);
    if (cached) return cached;
    const repo = this.tx.dataSource.getRepository(Warehouse);
    let row = await repo.findOne({ where: { merchantId, code: DEFAULT_WAREHOUSE_CODE } });
    if (!row) {
      const now = new Date();
      await repo
        .createQueryBuilder()
        .insert()
        .into(Warehouse)
        .values({
          id: newId(),
          merchantId,
          code: DEFAULT_WAREHOUSE_CODE,
          name: 'Default warehouse',
          isDefault: true,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute();
      row = await repo.findOneOrFail({ where: { merchantId, code: DEFAULT_WAREHOUSE_CODE } });
    }
    this.defaults.set(merchantId, row.id);
    return row.id;
  }
}

function toView(row: Warehouse): WarehouseView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    isDefault: Boolean(row.isDefault),
    createdAt: row.createdAt.toISOString(),
  };
}
