import { Injectable } from '@nestjs/common';
import { FindOptionsWhere, In } from 'typeorm';
import { Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { allocate, publishableQuantity, ruleFor } from './allocation';
import {
  AllocationRuleRow,
  LedgerRow,
  LedgerType,
  ReservationRow,
  ReservationStatus,
  StockLevel,
} from './entities';
import { SkuCatalog, SkuListing, StockPushItem } from './ports';
import { Reservation, toReservation } from './reservation.view';
import { AllocationRuleView, toRuleView } from './allocation-rules.service';
import { sellableOf } from './stock-changes';
import { LevelView } from './stock.service';
import { ConsistencyReport, checkLedgerConsistency } from './consistency';

export interface SkuStockView {
  skuId: string;
  levels: LevelView[];
  totals: { onHand: number; reserved: number; sellable: number };
  channels: Array<{
    channelAccountId: string;
    listingId: string;
    channelType: string;
    publishable: number;
    rule: AllocationRuleView | null;
  }>;
}

export interface LedgerEntryView {
  id: string;
  skuId: string;
  warehouseId: string;
  type: LedgerType;
  quantity: number;
  onHandDelta: number;
  reservedDelta: number;
  onHandBefore: number;
  onHandAfter: number;
  reservedBefore: number;
  reservedAfter: number;
  reservationId: string | null;
  reference: { type: string; id: string } | null;
  reason: string;
  note: string | null;
  actorStaffId: string | null;
  occurredAt: string;
}

export interface LedgerQuery extends PageQuery {
  skuId?: string;
  warehouseId?: string;
  type?: LedgerType;
}

export interface ReservationQuery extends PageQuery {
  skuId?: string;
  status?: ReservationStatus;
}

@Injectable()
export class StockQueries {
  private readonly levels: TenantRepository<StockLevel>;
  private readonly ledgerRows: TenantRepository<LedgerRow>;
  private readonly reservations: TenantRepository<ReservationRow>;
  private readonly rules: TenantRepository<AllocationRuleRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly catalog: SkuCatalog,
  ) {
    this.levels = new TenantRepository(tx, StockLevel, 'stock level');
    this.ledgerRows = new TenantRepository(tx, LedgerRow, 'ledger entry');
    this.reservations = new TenantRepository(tx, ReservationRow, 'reservation');
    this.rules = new TenantRepository(tx, AllocationRuleRow, 'allocation rule');
  }

  async skuStock(ctx: RequestContext, skuId: string): Promise<SkuStockView> {
    await this.catalog.assertSkusExist(ctx, [skuId]);
    const { levels, sellable, allocations } = await this.figures(ctx, skuId);
    return {
      skuId,
      levels: levels.map((l) => ({
        warehouseId: l.warehouseId,
        onHand: l.onHand,
        reserved: l.reserved,
        safetyStock: l.safetyStock,
        sellable: sellableOf(l),
      })),
      totals: {
        onHand: levels.reduce((sum, l) => sum + l.onHand, 0),
        reserved: levels.reduce((sum, l) => sum + l.reserved, 0),
        sellable,
      },
      channels: allocations.map(({ listing, publishable, rule }) => ({
        channelAccountId: listing.channelAccountId,
        listingId: listing.listingId,
        channelType: listing.channelType,
        publishable,
        rule: rule ? toRuleView(rule) : null,
      })),
    };
  }

  /** What each listing of the SKU should show now (the stock push job's input). */
  async publishPlan(ctx: RequestContext, skuId: string): Promise<StockPushItem[]> {
    const { allocations } = await this.figures(ctx, skuId);
    return allocations.map(({ listing, publishable }) => ({
      channelAccountId: listing.channelAccountId,
      channelType: listing.channelType,
      listingId: listing.listingId,
      channelItemId: listing.channelItemId,
      channelSkuId: listing.channelSkuId,
      quantity: publishable,
    }));
  }

  /**
   * What one channel account may offer of each SKU now (sellable through the allocation rule), for a page of
   * SKUs in two reads: their stock levels and the rules that could apply. SKUs without stock answer 0. It does
   * not check that the SKUs are listed on the account: the caller knows which ones it sells there.
   */
  async publishableForAccount(
    ctx: RequestContext,
    channelAccountId: string,
    skuIds: readonly string[],
  ): Promise<Map<string, number>> {
    const unique = [...new Set(skuIds)];
    const result = new Map<string, number>(unique.map((id) => [id, 0]));
    if (unique.length === 0) return result;
    const [levels, rules] = await Promise.all([
      this.levels.find(ctx, { skuId: In(unique) }),
      this.rules
        .query(ctx, 'r')
        .andWhere('(r.skuId IN (:...skuIds) OR r.skuId IS NULL)', { skuIds: unique })
        .andWhere('(r.channelAccountId = :account OR r.channelAccountId IS NULL)', {
          account: channelAccountId,
        })
        .getMany(),
    ]);
    const sellable = new Map<string, number>();
    for (const level of levels)
      sellable.set(level.skuId, (sellable.get(level.skuId) ?? 0) + sellableOf(level));
    for (const skuId of unique) {
      const rule = ruleFor(rules, skuId, channelAccountId);
      result.set(skuId, publishableQuantity(sellable.get(skuId) ?? 0, rule));
    }
    return result;
  }

  async ledger(ctx: RequestContext, query: LedgerQuery): Promise<Page<LedgerEntryView>> {
    const where: FindOptionsWhere<LedgerRow> = {};
    if (query.skuId) where.skuId = query.skuId;
    if (query.warehouseId) where.warehouseId = query.warehouseId;
    if (query.type) where.type = query.type;
    const rows = await this.ledgerRows.pageRows(ctx, query, where);
    return toPage(rows, pageSize(query), toLedgerView);
  }

  async listReservations(ctx: RequestContext, query: ReservationQuery): Promise<Page<Reservation>> {
    const where: FindOptionsWhere<ReservationRow> = {};
    if (query.skuId) where.skuId = query.skuId;
    if (query.status) where.status = query.status;
    const rows = await this.reservations.pageRows(ctx, query, where);
    return toPage(rows, pageSize(query), toReservation);
  }

  async getReservation(ctx: RequestContext, id: string): Promise<Reservation> {
    return toReservation(await this.reservations.getById(ctx, id));
  }

  /** The ledger summed against every level of the tenant (see checkLedgerConsistency). */
  async checkConsistency(ctx: RequestContext): Promise<ConsistencyReport> {
    return checkLedgerConsistency(this.tx.manager(), ctx.tenantId);
  }

  private async figures(ctx: RequestContext, skuId: string) {
    const levels = await this.levels.find(ctx, { skuId }, { warehouseId: 'ASC' });
    const sellable = levels.reduce((sum, l) => sum + sellableOf(l), 0);
    const listings = await this.catalog.listingsForSkus(ctx, [skuId]);
    const rules =
      listings.length === 0
        ? []
        : await this.rules
            .query(ctx, 'r')
            .andWhere('(r.skuId = :skuId OR r.skuId IS NULL)', { skuId })
            .getMany();
    const byListing = new Map<string, SkuListing>(listings.map((l) => [l.listingId, l]));
    const allocations = allocate(skuId, sellable, listings, rules).map((a) => ({
      listing: byListing.get(a.listingId)!,
      publishable: a.publishable,
      rule: a.rule as AllocationRuleRow | null,
    }));
    return { levels, sellable, allocations };
  }
}

function toLedgerView(row: LedgerRow): LedgerEntryView {
  return {
    id: row.id,
    skuId: row.skuId,
    warehouseId: row.warehouseId,
    type: row.type,
    quantity: row.quantity,
    onHandDelta: row.onHandDelta,
    reservedDelta: row.reservedDelta,
    onHandBefore: row.onHandBefore,
    onHandAfter: row.onHandAfter,
    reservedBefore: row.reservedBefore,
    reservedAfter: row.reservedAfter,
    reservationId: row.reservationId,
    reference: row.referenceType && row.referenceId ? { type: row.referenceType, id: row.referenceId } : null,
    reason: row.reason,
    note: row.note,
    actorStaffId: row.actorStaffId,
    occurredAt: row.createdAt.toISOString(),
  };
}
