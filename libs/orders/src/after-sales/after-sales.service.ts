import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditLog, OrderAccessPolicy, RefundPolicy } from '@tongdao/identity';
import {
  ConflictError,
  EventOutbox,
  Id,
  NotFoundError,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from '../entities';
import { lockOrder, lockOrderOfAfterSale } from '../order-status';
import { findVisibleOrder } from '../visible-order';
import { AfterSaleKind, AfterSaleRow, AfterSaleStatus } from './after-sale.entity';
import { AFTER_SALE_EVENTS, AfterSaleEventType, afterSalePayload } from './after-sale-events';
import { LIVE_STATUSES, OPEN_STATUSES, assertAfterSaleMove } from './after-sale-states';
import { AfterSaleView, afterSaleView } from './after-sale.view';

export interface AfterSaleRequest {
  lineId: Id;
  kind: AfterSaleKind;
  quantity: number;
  amountFen: number;
  reason: string;
}

export interface AfterSaleQuery extends PageQuery {
  status?: AfterSaleStatus;
  kind?: AfterSaleKind;
  orderId?: Id;
}

/** Orders a claim can be made on: money was paid and the order was not called off. */
const CLAIMABLE = new Set(['paid', 'partially_shipped', 'shipped', 'delivered', 'completed']);

/**
 * After-sales on order lines: the buyer's claim, staff's decision within their refund limit, goods coming
 * back, money going back. Every step checks the order is within the actor's reach (tier rules), locks the
 * order so concurrent claims cannot together exceed what was paid, writes its event and its audit row.
 * The money movement itself belongs to the channel (see AfterSaleRefunds).
 */
@Injectable()
export class AfterSales {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;
  private readonly claims: TenantRepository<AfterSaleRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
    private readonly refunds: RefundPolicy,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
    this.claims = new TenantRepository(tx, AfterSaleRow, 'after-sale');
  }

  async request(ctx: RequestContext, orderId: Id, input: AfterSaleRequest): Promise<AfterSaleView> {
    return this.tx.run(async () => {
      await lockOrder(this.tx, ctx, orderId);
      const order = await findVisibleOrder(this.orders, this.access, ctx, orderId);
      if (!CLAIMABLE.has(order.status)) {
        throw new ConflictError(
          'order_not_claimable',
          `An order that is ${order.status} takes no after-sale`,
          [{ field: 'orderId', problem: `order is ${order.status}` }],
        );
      }
      const line = await this.lines.findOne(ctx, { id: input.lineId, orderId });
      if (!line) {
        throw new ValidationFailedError('invalid_after_sale', 'The line is not part of this order', [
          { field: 'lineId', problem: 'not a line of this order' },
        ]);
      }
      const live = await this.claims.find(ctx, { orderId, status: In([...LIVE_STATUSES]) });
      this.assertFits(order, line, live, input);
      const claim = await this.claims.insert(ctx, {
        orderId,
        lineId: line.id,
        shopId: order.shopId,
        kind: input.kind,
        status: 'requested',
        quantity: input.quantity,
        amountFen: input.amountFen,
        reason: input.reason,
        source: 'desk',
        channelRefundId: null,
        requestedBy: ctx.staffId,
        decidedBy: null,
        decidedAt: null,
        rejectReason: null,
        receivedQuantity: 0,
        restockedQuantity: 0,
        refundedAt: null,
      });
      await this.markOrderOpen(ctx, order, 'open');
      await this.emit(ctx, AFTER_SALE_EVENTS.requested, claim, order, null);
      await this.audit.record(ctx, {
        action: 'after_sale.request',
        targetType: 'order',
        targetId: orderId,
        summary: {
          afterSaleId: claim.id,
          lineId: line.id,
          kind: input.kind,
          quantity: input.quantity,
          amountFen: input.amountFen,
          reason: input.reason,
        },
      });
      return afterSaleView(claim);
    });
  }

  /** Agreeing to pay back: only within the actor's refund limit (RefundPolicy). */
  async approve(ctx: RequestContext, id: Id): Promise<AfterSaleView> {
    return this.decide(ctx, id, 'approved', (claim) => {
      this.refunds.assertWithinLimit(ctx, claim.amountFen);
      return {};
    });
  }

  async reject(ctx: RequestContext, id: Id, reason: string): Promise<AfterSaleView> {
    return this.decide(ctx, id, 'rejected', (claim) => {
      claim.rejectReason = reason;
      return { rejectReason: reason };
    });
  }

  /** The buyer withdrew the claim. */
  async cancel(ctx: RequestContext, id: Id): Promise<AfterSaleView> {
    return this.decide(ctx, id, 'cancelled', () => ({}));
  }

  async get(ctx: RequestContext, id: Id): Promise<AfterSaleView> {
    const claim = await this.claims.findById(ctx, id);
    if (!claim) throw new NotFoundError('after-sale', id);
    await this.visibleOrderOf(ctx, claim);
    return afterSaleView(claim);
  }

  /** Across orders, newest first, only claims on orders the actor may see. */
  async list(ctx: RequestContext, query: AfterSaleQuery): Promise<Page<AfterSaleView>> {
    const scope = this.access.visibleScope(ctx);
    const limit = pageSize(query);
    const qb = this.claims
      .query(ctx, 'a')
      .innerJoin(OrderRow, 'o', 'o.id = a.order_id AND o.merchant_id = a.merchant_id');
    if (scope.shopIds !== 'all') {
      if (scope.shopIds.length === 0) return { items: [], nextCursor: null };
      qb.andWhere('o.shopId IN (:...scopeShops)', { scopeShops: [...scope.shopIds] });
    }
    if (scope.assignedStaffId) qb.andWhere('o.assignedStaffId = :me', { me: scope.assignedStaffId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.orderId) qb.andWhere('a.orderId = :orderId', { orderId: query.orderId });
    if (query.cursor) qb.andWhere('a.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .take(limit + 1)
      .getMany();
    return toPage(rows, limit, afterSaleView);
  }

  private async decide(
    ctx: RequestContext,
    id: Id,
    next: 'approved' | 'rejected' | 'cancelled',
    apply: (claim: AfterSaleRow) => Record<string, unknown>,
  ): Promise<AfterSaleView> {
    return this.tx.run(async () => {
      await lockOrderOfAfterSale(this.tx, ctx, id);
      const fresh = await this.claims.findById(ctx, id);
      if (!fresh) throw new NotFoundError('after-sale', id);
      await this.visibleOrderOf(ctx, fresh);
      assertAfterSaleMove(fresh.kind, fresh.status, next);
      const previous = fresh.status;
      const extra = apply(fresh);
      fresh.status = next;
      if (next === 'approved' || next === 'rejected') {
        fresh.decidedBy = ctx.staffId;
        fresh.decidedAt = new Date();
      }
      await this.claims.save(ctx, fresh);
      const order = await this.orders.getById(ctx, fresh.orderId);
      await this.refreshOrderState(ctx, order);
      await this.emit(ctx, eventOf(next), fresh, order, previous);
      await this.audit.record(ctx, {
        action: `after_sale.${verbOf(next)}`,
        targetType: 'order',
        targetId: fresh.orderId,
        summary: { afterSaleId: id, status: [previous, next], amountFen: fresh.amountFen, ...extra },
      });
      return afterSaleView(fresh);
    });
  }

  private assertFits(
    order: OrderRow,
    line: OrderLineRow,
    live: AfterSaleRow[],
    input: AfterSaleRequest,
  ): void {
    const onLine = live.filter((c) => c.lineId === line.id);
    const claimedUnits = onLine.reduce((sum, c) => sum + c.quantity, 0);
    const claimedOnLine = onLine.reduce((sum, c) => sum + c.amountFen, 0);
    const claimedOnOrder = live.reduce((sum, c) => sum + c.amountFen, 0);
    const problems: Array<{ field: string; problem: string }> = [];
    const unitsLeft = line.quantity - claimedUnits;
    if (input.quantity > unitsLeft)
      problems.push({
        field: 'quantity',
        problem: `at most ${unitsLeft} units of this line can still be claimed`,
      });
    if (input.kind === 'return_and_refund' && input.quantity > line.shippedQuantity)
      problems.push({
        field: 'quantity',
        problem: `only ${line.shippedQuantity} units shipped; return what was received`,
      });
    const lineLeft = line.totalFen - claimedOnLine;
    const orderLeft = order.paidFen - claimedOnOrder;
    if (input.amountFen > lineLeft)
      problems.push({ field: 'amountFen', problem: `at most ${lineLeft} fen left on this line` });
    if (input.amountFen > orderLeft)
      problems.push({
        field: 'amountFen',
        problem: `refunds cannot exceed the ${order.paidFen} fen paid; ${orderLeft} fen left`,
      });
    if (problems.length > 0)
      throw new ValidationFailedError(
        'invalid_after_sale',
        'The after-sale does not fit the order',
        problems,
      );
  }

  /** Recomputes the order's after-sale flag from its claims (used by the desk's "has after-sale" filter). */
  async refreshOrderState(ctx: RequestContext, order: OrderRow): Promise<void> {
    const open = await this.claims.count(ctx, { orderId: order.id, status: In([...OPEN_STATUSES]) });
    await this.markOrderOpen(ctx, order, open > 0 ? 'open' : 'closed');
  }

  private async markOrderOpen(ctx: RequestContext, order: OrderRow, state: 'open' | 'closed'): Promise<void> {
    if (order.afterSaleState === state) return;
    await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderRow)
      .set({ afterSaleState: state })
      .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id: order.id })
      .execute();
    order.afterSaleState = state;
  }

  /** Records an after-sale event in the current transaction (shared with AfterSaleRefunds). */
  async emit(
    ctx: RequestContext,
    type: AfterSaleEventType,
    claim: AfterSaleRow,
    order: OrderRow,
    previous: AfterSaleStatus | null,
  ): Promise<void> {
    await this.outbox.record(ctx, {
      type,
      aggregateType: 'after_sale',
      aggregateId: claim.id,
      payload: afterSalePayload(claim, order, previous),
    });
  }

  private async visibleOrderOf(ctx: RequestContext, claim: AfterSaleRow): Promise<OrderRow> {
    try {
      return await findVisibleOrder(this.orders, this.access, ctx, claim.orderId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('after-sale', claim.id);
      throw error;
    }
  }
}

function eventOf(status: 'approved' | 'rejected' | 'cancelled'): AfterSaleEventType {
  return AFTER_SALE_EVENTS[status];
}

function verbOf(status: AfterSaleStatus): string {
  return { approved: 'approve', rejected: 'reject', cancelled: 'cancel' }[status as string] ?? status;
}
