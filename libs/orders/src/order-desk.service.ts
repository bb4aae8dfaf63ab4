import { Injectable } from '@nestjs/common';
import { AuditLog, OrderAccessPolicy, StaffService } from '@tongdao/identity';
import {
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
import { OrderDeskFilters, applyDeskFilters, deskView } from './desk-query';
import { findVisibleOrder } from './visible-order';
import { OrderLineRow, OrderRow } from './entities';
import { OrderView } from './views';

export interface OrderDeskQuery extends PageQuery, OrderDeskFilters {}

/**
 * The order desk: what staff see and do, always through identity's tier rules — a cs_agent sees only
 * orders assigned to them, buyer phone and address masked unless they hold customer.read_pii; an order
 * outside the actor's reach is 404.
 */
@Injectable()
export class OrderDesk {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  async list(ctx: RequestContext, query: OrderDeskQuery): Promise<Page<OrderView>> {
    const limit = pageSize(query);
    const qb = await applyDeskFilters(this.orders.query(ctx, 'o'), ctx, query, this.access);
    if (query.cursor) qb.andWhere('o.id < :cursor', { cursor: query.cursor });
    const rows = await qb
      .orderBy('o.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const pii = this.access.canSeePii(ctx);
    return toPage(rows, limit, (row) => this.present(row, [], pii));
  }

  async get(ctx: RequestContext, id: Id): Promise<OrderView> {
    const order = await this.visible(ctx, id);
    const lines = await this.lines.find(ctx, { orderId: id }, { externalLineId: 'ASC' });
    return this.present(order, lines, this.access.canSeePii(ctx));
  }

  async assign(ctx: RequestContext, id: Id, staffId: Id | null): Promise<OrderView> {
    return this.tx.run(async () => {
      const order = await this.visible(ctx, id);
      if (staffId !== null) await this.assertAssignable(ctx, staffId, order.shopId);
      const before = order.assignedStaffId;
      order.assignedStaffId = staffId;
      await this.orders.save(ctx, order);
      await this.audit.record(ctx, {
        action: 'order.assign',
        targetType: 'order',
        targetId: id,
        summary: { assignedStaffId: [before, staffId] },
      });
      return this.present(order, [], this.access.canSeePii(ctx));
    });
  }

  async remark(
    ctx: RequestContext,
    id: Id,
    patch: { sellerMemo?: string | null; sellerFlag?: number },
  ): Promise<OrderView> {
    return this.tx.run(async () => {
      const order = await this.visible(ctx, id);
      const summary: Record<string, unknown> = {};
      if (patch.sellerMemo !== undefined) {
        summary.sellerMemo = [order.sellerMemo, patch.sellerMemo];
        order.sellerMemo = patch.sellerMemo;
      }
      if (patch.sellerFlag !== undefined) {
        summary.sellerFlag = [order.sellerFlag, patch.sellerFlag];
        order.sellerFlag = patch.sellerFlag;
      }
      await this.orders.save(ctx, order);
      await this.audit.record(ctx, { action: 'order.remark', targetType: 'order', targetId: id, summary });
      return this.present(order, [], this.access.canSeePii(ctx));
    });
  }

  async tag(ctx: RequestContext, id: Id, add: string[], remove: string[]): Promise<OrderView> {
    if (add.length + remove.length === 0) {
      throw new ValidationFailedError('validation_failed', 'Nothing to change', [
        { field: 'add', problem: 'add or remove at least one tag' },
      ]);
    }
    return this.tx.run(async () => {
      const order = await this.visible(ctx, id);
      const before = [...order.tags];
      order.tags = [...new Set([...order.tags.filter((t) => !remove.includes(t)), ...add])].slice(0, 30);
      await this.orders.save(ctx, order);
      await this.audit.record(ctx, {
        action: 'order.tag',
        targetType: 'order',
        targetId: id,
        summary: { tags: [before, order.tags] },
      });
      return this.present(order, [], this.access.canSeePii(ctx));
    });
  }

  /** The assignee is an active staff member of this merchant whose shops include the order's. */
  private async assertAssignable(ctx: RequestContext, staffId: Id, shopId: Id): Promise<void> {
    const staff = await this.staff.get(ctx, staffId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!staff || staff.status !== 'active' || (staff.shopIds !== null && !staff.shopIds.includes(shopId))) {
      throw new ValidationFailedError(
        'invalid_assignee',
        'The order cannot be assigned to this staff member',
        [{ field: 'staffId', problem: 'an active staff member who works in the order’s shop' }],
      );
    }
  }

  private visible(ctx: RequestContext, id: Id): Promise<OrderRow> {
    return findVisibleOrder(this.orders, this.access, ctx, id);
  }

  private present(order: OrderRow, lines: OrderLineRow[], pii: boolean): OrderView {
    return deskView(order, lines, pii);
  }
}
