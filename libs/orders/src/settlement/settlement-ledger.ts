import { Injectable } from '@nestjs/common';
import { Id, Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { SelectQueryBuilder } from 'typeorm';
import { OrderRow } from '../entities';

/**
 * One slice of the guarantee-transaction ledger: funds still held, or funds released (settled) within a time
 * window. Read-only; the window lets a caller apply its own payout calendar (T+1 and the like).
 */
export interface SettlementSlice {
  state: 'held' | 'settled';
  /** Narrows to one shop; the actor's shop scope applies either way. */
  shopId?: Id;
  /** Only with `settled`: released at or after this instant. */
  settledFrom?: Date;
  /** Only with `settled`: released before this instant. */
  settledBefore?: Date;
}

export interface SettlementTotals {
  count: number;
  /** Paid minus refunded, fen. */
  amountFen: number;
}

export interface SettlementEntryView {
  orderId: Id;
  shopId: Id;
  channelType: string;
  externalOrderId: string;
  status: string;
  settlementState: string;
  paidFen: number;
  refundedFen: number;
  amountFen: number;
  placedAt: string;
  deliveredAt: string | null;
  settleAt: string | null;
  settledAt: string | null;
}

/** Sums and lists orders by settlement state for the merchant's ledger; never changes anything. */
@Injectable()
export class SettlementLedger {
  private readonly orders: TenantRepository<OrderRow>;

  constructor(tx: TransactionRunner) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
  }

  async totals(ctx: RequestContext, slice: SettlementSlice): Promise<SettlementTotals> {
    const row = await this.sliceQuery(ctx, slice)
      .select('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(o.paid_fen - o.refunded_fen), 0)', 'amountFen')
      .getRawOne<{ count: string | number; amountFen: string | number }>();
    return { count: Number(row?.count ?? 0), amountFen: Number(row?.amountFen ?? 0) };
  }

  /** Newest order first, keyset on the order id. */
  async entries(
    ctx: RequestContext,
    slice: SettlementSlice,
    page: PageQuery,
  ): Promise<Page<SettlementEntryView>> {
    const qb = this.sliceQuery(ctx, slice);
    if (page.cursor) qb.andWhere('o.id < :cursor', { cursor: page.cursor });
    const rows = await qb
      .orderBy('o.id', 'DESC')
      .take(pageSize(page) + 1)
      .getMany();
    return toPage(rows, pageSize(page), entryView);
  }

  private sliceQuery(ctx: RequestContext, slice: SettlementSlice): SelectQueryBuilder<OrderRow> {
    const qb = this.orders.query(ctx, 'o').andWhere('o.settlementState = :state', { state: slice.state });
    const scope = ctx.actor && !ctx.actor.isOwner ? ctx.actor.shopScope : 'all';
    if (scope !== 'all') {
      if (scope.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('o.shopId IN (:...scopeShops)', { scopeShops: [...scope] });
    }
    if (slice.shopId) qb.andWhere('o.shopId = :shopId', { shopId: slice.shopId });
    if (slice.state === 'settled' && slice.settledFrom)
      qb.andWhere('o.settledAt >= :settledFrom', { settledFrom: slice.settledFrom });
    if (slice.state === 'settled' && slice.settledBefore)
      qb.andWhere('o.settledAt < :settledBefore', { settledBefore: slice.settledBefore });
    return qb;
  }
}

function entryView(row: OrderRow): SettlementEntryView {
  return {
    orderId: row.id,
    shopId: row.shopId,
    channelType: row.channelType,
    externalOrderId: row.externalOrderId,
    status: row.status,
    settlementState: row.settlementState,
    paidFen: row.paidFen,
    refundedFen: row.refundedFen,
    amountFen: row.paidFen - row.refundedFen,
    placedAt: row.placedAt.toISOString(),
    deliveredAt: row.deliveredAt ? row.deliveredAt.toISOString() : null,
    settleAt: row.settleAt ? row.settleAt.toISOString() : null,
    settledAt: row.settledAt ? row.settledAt.toISOString() : null,
  };
}
