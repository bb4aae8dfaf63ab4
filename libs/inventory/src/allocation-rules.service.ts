import { Injectable } from '@nestjs/common';
import { ConflictError, RequestContext, ValidationFailedError, isId } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { AllocationMode, AllocationRuleRow } from './entities';
import { SkuCatalog } from './ports';
import { isUniqueViolation, select } from './sql';
import { StockPushScheduler } from './stock-push.scheduler';
import { assertCount } from './validation';

export const ALLOCATION_MODES: readonly AllocationMode[] = ['share_all', 'percentage', 'fixed_cap'];

export interface AllocationRuleInput {
  /** The SKU the rule covers; null/absent = every SKU (then channelAccountId is required). */
  skuId?: string | null;
  /** The channel account the rule covers; null/absent = every channel of the SKU. */
  channelAccountId?: string | null;
  mode: AllocationMode;
  /** percentage mode: 0-100. */
  percent?: number | null;
  /** fixed_cap mode: at most this many units. */
  cap?: number | null;
  /** Units of the pool this channel never offers (default 0). */
  buffer?: number | null;
}

export interface AllocationRuleView {
  id: string;
  skuId: string | null;
  channelAccountId: string | null;
  mode: AllocationMode;
  percent: number | null;
  cap: number | null;
  buffer: number;
  createdAt: string;
}

export function toRuleView(row: AllocationRuleRow): AllocationRuleView {
  return {
    id: row.id,
    skuId: row.skuId,
    channelAccountId: row.channelAccountId,
    mode: row.mode,
    percent: row.percent,
    cap: row.cap,
    buffer: row.buffer,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Allocation rules; every change re-pushes the figures of the SKUs it may affect. */
@Injectable()
export class AllocationRuleService {
  private readonly rules: TenantRepository<AllocationRuleRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly catalog: SkuCatalog,
    private readonly audit: AuditLog,
    private readonly pushes: StockPushScheduler,
  ) {
    this.rules = new TenantRepository(tx, AllocationRuleRow, 'allocation rule');
  }

  async list(
    ctx: RequestContext,
    filter: { skuId?: string; channelAccountId?: string } = {},
  ): Promise<AllocationRuleView[]> {
    const rows = await this.rules.find(
      ctx,
      {
        ...(filter.skuId ? { skuId: filter.skuId } : {}),
        ...(filter.channelAccountId ? { channelAccountId: filter.channelAccountId } : {}),
      },
      { id: 'ASC' },
    );
    return rows.map(toRuleView);
  }

  async create(ctx: RequestContext, input: AllocationRuleInput): Promise<AllocationRuleView> {
    const fields = validate(input);
    if (fields.skuId) await this.catalog.assertSkusExist(ctx, [fields.skuId]);
    try {
      const row = await this.tx.run(async () => {
        const created = await this.rules.insert(ctx, fields);
        await this.audit.record(ctx, {
          action: 'allocation_rule.create',
          targetType: 'allocation_rule',
          targetId: created.id,
          summary: { ...fields },
        });
        return created;
      });
      await this.repush(ctx, row.skuId);
      return toRuleView(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('rule_exists', 'a rule for this SKU and channel account already exists', [
          { field: 'skuId', problem: 'delete the existing rule first' },
        ]);
      }
      throw error;
    }
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const row = await this.tx.run(async () => {
      const existing = await this.rules.getById(ctx, id);
      await this.rules.delete(ctx, { id: existing.id });
      await this.audit.record(ctx, {
        action: 'allocation_rule.delete',
        targetType: 'allocation_rule',
        targetId: existing.id,
        summary: toRuleView(existing) as unknown as Record<string, unknown>,
      });
      return existing;
    });
    await this.repush(ctx, row.skuId);
  }

  /** A SKU rule touches one SKU; an account-wide rule touches every SKU that has stock. */
  private async repush(ctx: RequestContext, skuId: string | null): Promise<void> {
    const skuIds = skuId
      ? [skuId]
      : (
          await select<{ skuId: string }>(
            this.tx.dataSource.manager,
            'SELECT DISTINCT sku_id AS skuId FROM stock_levels WHERE merchant_id = ?',
            [ctx.tenantId],
          )
        ).map((r) => r.skuId);
    for (const id of skuIds) await this.pushes.schedule(ctx.tenantId, id);
  }
}

function invalid(field: string, problem: string): never {
  throw new ValidationFailedError('invalid_rule', `${field} ${problem}`, [{ field, problem }]);
}

function validate(
  input: AllocationRuleInput,
): Omit<AllocationRuleRow, 'id' | 'merchantId' | 'createdAt' | 'updatedAt'> {
  const skuId = input.skuId ?? null;
  const channelAccountId = input.channelAccountId ?? null;
  if (skuId !== null && !isId(skuId)) invalid('skuId', 'must be a SKU id');
  if (channelAccountId !== null && !isId(channelAccountId))
    invalid('channelAccountId', 'must be a channel account id');
  if (skuId === null && channelAccountId === null)
    invalid('skuId', 'give a skuId, a channelAccountId or both');
  if (!ALLOCATION_MODES.includes(input.mode))
    invalid('mode', `must be one of ${ALLOCATION_MODES.join(', ')}`);
  const percent = input.percent ?? null;
  const cap = input.cap ?? null;
  const buffer = input.buffer ?? 0;
  assertCount(buffer, 'buffer');
  if (input.mode === 'percentage') {
    if (percent === null) invalid('percent', 'is required in percentage mode');
    assertCount(percent, 'percent');
    if (percent > 100) invalid('percent', 'must be at most 100');
  } else if (percent !== null) invalid('percent', `is only for percentage mode`);
  if (input.mode === 'fixed_cap') {
    if (cap === null) invalid('cap', 'is required in fixed_cap mode');
    assertCount(cap, 'cap');
  } else if (cap !== null) invalid('cap', 'is only for fixed_cap mode');
  return {
    skuId,
    channelAccountId,
    scopeKey: `${skuId ?? '*'}:${channelAccountId ?? '*'}`,
    mode: input.mode,
    percent,
    cap,
    buffer,
  };
}
