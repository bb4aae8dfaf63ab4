import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { ChannelAccountDirectory, ChannelAccountRef, ListingsService } from '@tongdao/catalog';
import { CustomersService } from '@tongdao/crm';
import { DomainError, DomainEventInput, EventOutbox, Id, RequestContext } from '@tongdao/kernel';
import {
  TenantRepository,
  TransactionRunner,
  insertRows,
  isRetryableLockError,
  isUniqueViolation,
} from '@tongdao/persistence';
import { ChannelOrder, ChannelOrderLine, IngestResult } from './channel-order';
import { assertChannelOrders } from './channel-order.validation';
import { OrderLineRow, OrderRow } from './entities';
import { ORDER_EVENTS, OrderEventType, orderEventPayload, stockShortPayload } from './order-events';
import { OrderStockSync, StockWork } from './order-stock-sync';
import { OrderStatus, isForwardOrSame, stockPhase } from './state-machine';

/** Orders per transaction: a page of a channel's order list. */
export const INGEST_PAGE_SIZE = 100;

/** Another ingestion changed one of the page's orders between our read and our write: run the page again. */
class StaleRead extends Error {}

interface Planned {
  input: ChannelOrder;
  order: OrderRow;
  lines: OrderLineRow[];
  previous: OrderStatus | null;
  /** Lines not stored yet: all of a new order's, or lines the channel added to a known order. */
  unsaved: OrderLineRow[];
  channelShipped: Map<string, number>;
}

/**
 * The one door for channel orders. Upsert by (channel account, external order id) with the channel's
 * modified time as version: the same order twice, or an older version after a newer one, changes nothing.
 *
 * A page (≤ 100 orders) is one transaction of a fixed handful of statements, whatever its number of lines:
 * one read of the page's existing orders (and one of their lines), the customers in ≤ 3, the SKUs in ≤ 2,
 * one multi-row insert of new orders and one of their lines, one conditional UPDATE per changed order, one
 * multi-row insert of the events, and the stock pool's reserves as one batch (see StockService.reserveEach).
 * The stock comes last, so the level row locks are held for as few statements as can be. Order, lines,
 * stock and events stand or fall together; a race with another ingestion of the same order (push and poll
 * at once) is settled by the unique key or the version check and the page re-run.
 */
@Injectable()
export class OrderIngestion {
  private readonly logger = new Logger(OrderIngestion.name);
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly accounts: ChannelAccountDirectory,
    private readonly listings: ListingsService,
    private readonly customers: CustomersService,
    private readonly outbox: EventOutbox,
    private readonly stockSync: OrderStockSync,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  /** Results in input order. A malformed order refuses the whole call (400) before anything is written. */
  async ingest(ctx: RequestContext, channelAccountId: Id, orders: ChannelOrder[]): Promise<IngestResult[]> {
    assertChannelOrders(orders);
    const account = await this.accounts.get(ctx, channelAccountId);
    const results: IngestResult[] = [];
    for (let start = 0; start < orders.length; start += INGEST_PAGE_SIZE) {
      results.push(...(await this.ingestPage(ctx, account, orders.slice(start, start + INGEST_PAGE_SIZE))));
    }
    return results;
  }

  private async ingestPage(
    ctx: RequestContext,
    account: ChannelAccountRef,
    page: ChannelOrder[],
  ): Promise<IngestResult[]> {
    // One order twice in a page: only its newest version counts.
    const newest = new Map<string, ChannelOrder>();
    for (const order of page) {
      const seen = newest.get(order.externalOrderId);
      if (!seen || order.version.getTime() > seen.version.getTime()) newest.set(order.externalOrderId, order);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const byExternalId = await this.tx.run(() => this.upsertPage(ctx, account, [...newest.values()]));
        return page.map((order) => {
          const result = byExternalId.get(order.externalOrderId)!;
          return newest.get(order.externalOrderId) === order ? result : { ...result, outcome: 'unchanged' };
        });
      } catch (error) {
        const raced =
          error instanceof StaleRead ||
          isUniqueViolation(error) ||
          isRetryableLockError(error) ||
          (error instanceof DomainError && error.code === 'concurrent_change');
        if (!raced || attempt >= 4 || this.tx.inTransaction()) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 10 * Math.random()));
      }
    }
  }

  private async upsertPage(
    ctx: RequestContext,
    account: ChannelAccountRef,
    inputs: ChannelOrder[],
  ): Promise<Map<string, IngestResult>> {
    const results = new Map<string, IngestResult>();
    const existing = new Map(
      (
        await this.orders.find(ctx, {
          channelAccountId: account.id,
          externalOrderId: In(inputs.map((o) => o.externalOrderId)),
        })
      ).map((o) => [o.externalOrderId, o]),
    );
    const fresh: ChannelOrder[] = [];
    const newer: Array<{ input: ChannelOrder; order: OrderRow }> = [];
    for (const input of inputs) {
      const order = existing.get(input.externalOrderId);
      if (!order) fresh.push(input);
      else if (supersedes(input, order)) newer.push({ input, order });
      else results.set(input.externalOrderId, result(input, order.id, 'unchanged'));
    }
    if (fresh.length === 0 && newer.length === 0) return results;

    const touched = [...fresh, ...newer.map((n) => n.input)];
    const customerIds = await this.customers.resolveMany(
      ctx,
      touched.map((o) => ({
        identities: o.buyer.identities.map((i) => ({
          ...i,
          channelAccountId: i.channelAccountId ?? account.id,
        })),
        profile: { displayName: o.buyer.name ?? null, phone: o.receiver.phone ?? null },
      })),
    );
    const customerOf = new Map(touched.map((o, i) => [o.externalOrderId, customerIds[i]]));
    const skus = await this.resolveSkus(ctx, account.id, touched);

    const planned = fresh.map((input) => this.planNew(ctx, account, input, customerOf, skus));
    const oldLines = await this.linesOf(
      ctx,
      newer.map((n) => n.order.id),
    );
    const updated = newer.map(({ input, order }) =>
      this.planUpdate(ctx, order, input, oldLines.get(order.id) ?? [], customerOf, skus),
    );
    planned.push(...updated);

    const manager = this.tx.manager();
    const newOrders = planned.filter((p) => p.previous === null).map((p) => p.order);
    await insertRows(manager, OrderRow, newOrders);
    for (const p of updated) await this.writeUpdate(ctx, p, existing.get(p.input.externalOrderId)!);
    await this.outbox.recordMany(
      ctx,
      planned.flatMap((p) => statusEvents(p)),
    );

    const changedLines = await this.stockSync.apply(
      ctx,
      planned.map((p): StockWork => ({ order: p.order, lines: p.lines, channelShipped: p.channelShipped })),
    );
    const unsaved = new Set(planned.flatMap((p) => p.unsaved));
    await insertRows(manager, OrderLineRow, [...unsaved]);
    for (const line of changedLines) if (!unsaved.has(line)) await this.writeLine(ctx, line);
    await this.flagStockShort(ctx, planned);

    for (const p of planned) {
      results.set(p.input.externalOrderId, result(p.input, p.order.id, p.previous ? 'updated' : 'created'));
    }
    return results;
  }

  /** The merchant SKU of every line of these orders, in ≤ 2 reads (see ListingsService.resolveSkus). */
  private async resolveSkus(ctx: RequestContext, accountId: Id, orders: ChannelOrder[]): Promise<SkuOf> {
    const refs = new Map<string, ChannelOrderLine>();
    for (const order of orders) for (const line of order.lines) refs.set(refKey(line), line);
    const lines = [...refs.values()];
    const resolved = await this.listings.resolveSkus(
      ctx,
      accountId,
      lines.map((l) => ({
        channelItemId: l.channelItemId,
        channelSkuId: l.channelSkuId ?? null,
        outerId: l.outerId ?? null,
      })),
    );
    const skuIds = new Map(lines.map((l, i) => [refKey(l), resolved[i]?.skuId ?? null]));
    return (line) => skuIds.get(refKey(line)) ?? null;
  }

  private planNew(
    ctx: RequestContext,
    account: ChannelAccountRef,
    input: ChannelOrder,
    customerOf: Map<string, Id | null>,
    skuOf: SkuOf,
  ): Planned {
    const order = this.orders.create(ctx, {
      ...channelFields(input, customerOf.get(input.externalOrderId) ?? null),
      shopId: account.shopId,
      channelAccountId: account.id,
      channelType: account.type,
      externalOrderId: input.externalOrderId,
      status: input.status,
      sellerMemo: null,
      sellerFlag: 0,
      tags: [],
      assignedStaffId: null,
      hasUnmappedLines: false,
      hasStockShortLines: false,
    });
    const lines: OrderLineRow[] = [];
    const channelShipped = new Map<string, number>();
    for (const line of input.lines) {
      const row = this.newLine(ctx, order.id, line, skuOf(line));
      if (line.shippedQuantity) channelShipped.set(row.id, line.shippedQuantity);
      lines.push(row);
    }
    order.hasUnmappedLines = lines.some((l) => l.skuId === null);
    return { input, order, lines, previous: null, unsaved: lines, channelShipped };
  }

  private planUpdate(
    ctx: RequestContext,
    order: OrderRow,
    input: ChannelOrder,
    lines: OrderLineRow[],
    customerOf: Map<string, Id | null>,
    skuOf: SkuOf,
  ): Planned {
    const previous = order.status;
    const row = Object.assign(
      new OrderRow(),
      order,
      channelFields(input, customerOf.get(input.externalOrderId) ?? order.customerId),
    );
    if (isForwardOrSame(previous, input.status)) row.status = input.status;
    else {
      this.logger.warn(
        { orderId: order.id, from: previous, to: input.status },
        'channel moved an order backwards; status kept',
      );
    }
    const byExternalId = new Map(lines.map((l) => [l.externalLineId, l]));
    const unsaved: OrderLineRow[] = [];
    const channelShipped = new Map<string, number>();
    for (const line of input.lines) {
      let current = byExternalId.get(line.externalLineId);
      if (!current) {
        // A line the channel added later (rare: split or re-priced orders) is stored like a new order's.
        current = this.newLine(ctx, order.id, line, skuOf(line));
        unsaved.push(current);
        lines.push(current);
      } else if (current.skuId === null && stockPhase(row.status) !== 'none') {
        // Staff may have mapped the listing since the last version.
        const resolved = skuOf(line);
        if (resolved) current.skuId = resolved;
      }
      if (line.shippedQuantity) channelShipped.set(current.id, line.shippedQuantity);
    }
    row.hasUnmappedLines = lines.some((l) => l.skuId === null);
    return { input, order: row, lines, previous, unsaved, channelShipped };
  }

  private newLine(ctx: RequestContext, orderId: Id, line: ChannelOrderLine, skuId: Id | null): OrderLineRow {
    return this.lines.create(ctx, {
      orderId,
      externalLineId: line.externalLineId,
      skuId,
      channelItemId: line.channelItemId,
      channelSkuId: line.channelSkuId ?? null,
      outerId: line.outerId ?? null,
      title: line.title.slice(0, 200),
      quantity: line.quantity,
      shippedQuantity: 0,
      unitPriceFen: line.unitPriceFen,
      totalFen: line.totalFen,
      stock: 'none',
      reservationId: null,
    });
  }

  /** Compare-and-set on what we read: a concurrent ingestion or staff action in between re-runs the page. */
  private async writeUpdate(ctx: RequestContext, p: Planned, read: OrderRow): Promise<void> {
    const o = p.order;
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderRow)
      .set({
        channelVersion: o.channelVersion,
        channelStatus: o.channelStatus,
        status: o.status,
        customerId: o.customerId,
        buyerName: o.buyerName,
        receiver: o.receiver,
        receiverPhone: o.receiverPhone,
        receiverName: o.receiverName,
        itemsFen: o.itemsFen,
        shippingFen: o.shippingFen,
        discountFen: o.discountFen,
        paidFen: o.paidFen,
        payment: o.payment,
        placedAt: o.placedAt,
        buyerMessage: o.buyerMessage,
        hasUnmappedLines: o.hasUnmappedLines,
        updatedAt: new Date(),
      })
      .where('merchant_id = :merchantId AND id = :id AND channel_version = :version AND status = :status', {
        merchantId: ctx.tenantId,
        id: o.id,
        version: read.channelVersion,
        status: read.status,
      })
      .execute();
    if (result.affected === 0) throw new StaleRead();
  }

  private async writeLine(ctx: RequestContext, line: OrderLineRow): Promise<void> {
    await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderLineRow)
      .set({
        skuId: line.skuId,
        stock: line.stock,
        reservationId: line.reservationId,
        shippedQuantity: line.shippedQuantity,
        updatedAt: new Date(),
      })
      .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id: line.id })
      .execute();
  }

  /** The flag, in at most two statements for the page, and an alert event per order newly short. */
  private async flagStockShort(ctx: RequestContext, planned: Planned[]): Promise<void> {
    const raise: Planned[] = [];
    const clear: Planned[] = [];
    for (const p of planned) {
      const short = stockPhase(p.order.status) !== 'none' && p.lines.some((l) => l.stock === 'short');
      const wasShort = p.previous !== null && p.order.hasStockShortLines;
      if (short && !wasShort) raise.push(p);
      if (!short && wasShort) clear.push(p);
      p.order.hasStockShortLines = short;
    }
    for (const [list, value] of [
      [raise, true],
      [clear, false],
    ] as const) {
      if (list.length === 0) continue;
      await this.tx
        .manager()
        .createQueryBuilder()
        .update(OrderRow)
        .set({ hasStockShortLines: value })
        .where('merchant_id = :merchantId AND id IN (:...ids)', {
          merchantId: ctx.tenantId,
          ids: list.map((p) => p.order.id),
        })
        .execute();
    }
    for (const p of raise) this.logger.warn({ orderId: p.order.id }, 'order has lines without stock');
    if (raise.length === 0) return;
    await this.outbox.recordMany(
      ctx,
      raise.map((p) => ({
        type: ORDER_EVENTS.stockShort,
        aggregateType: 'order',
        aggregateId: p.order.id,
        payload: stockShortPayload(p.order, p.lines),
      })),
    );
  }

  private async linesOf(ctx: RequestContext, orderIds: Id[]): Promise<Map<Id, OrderLineRow[]>> {
    const byOrder = new Map<Id, OrderLineRow[]>();
    if (orderIds.length === 0) return byOrder;
    for (const line of await this.lines.find(ctx, { orderId: In(orderIds) }, { externalLineId: 'ASC' })) {
      byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
    }
    return byOrder;
  }
}

/** The merchant SKU a channel line sells, null when unmapped. */
type SkuOf = (line: ChannelOrderLine) => Id | null;

function refKey(line: ChannelOrderLine): string {
  return `${line.channelItemId}\u0000${line.channelSkuId ?? ''}\u0000${line.outerId ?? ''}`;
}

/** The order events a planned change makes, in the order they happened. */
function statusEvents(p: Planned): DomainEventInput[] {
  const { order, previous } = p;
  const types: OrderEventType[] = [];
  if (previous === null) types.push(ORDER_EVENTS.created);
  if (previous === null || order.status !== previous) {
    const wasUnpaid = previous === null || previous === 'pending_payment';
    const phase = stockPhase(order.status);
    if (order.status === 'paid' || (wasUnpaid && phase === 'consumed')) types.push(ORDER_EVENTS.paid);
    if (order.status === 'shipped') types.push(ORDER_EVENTS.shipped);
    if (order.status === 'delivered') types.push(ORDER_EVENTS.delivered);
    if (order.status === 'completed') types.push(ORDER_EVENTS.completed);
    if (order.status === 'cancelled' || order.status === 'closed') types.push(ORDER_EVENTS.cancelled);
  }
  return types.map((type) => ({
    type,
    aggregateType: 'order',
    aggregateId: order.id,
    // The created event describes the order as first seen; only later events carry a previous status.
    payload: orderEventPayload(order, type === ORDER_EVENTS.created ? null : previous),
  }));
}

function channelFields(input: ChannelOrder, customerId: Id | null): Partial<OrderRow> {
  return {
    channelVersion: input.version,
    channelStatus: input.channelStatus.slice(0, 64),
    customerId,
    buyerName: input.buyer.name ? input.buyer.name.slice(0, 100) : null,
    receiver: input.receiver,
    receiverPhone: input.receiver.phone || null,
    receiverName: input.receiver.name ? input.receiver.name.slice(0, 100) : null,
    itemsFen: input.amounts.itemsFen,
    shippingFen: input.amounts.shippingFen,
    discountFen: input.amounts.discountFen,
    paidFen: input.amounts.paidFen,
    payment: input.payment
      ? {
          method: input.payment.method,
          paidAt: input.payment.paidAt?.toISOString() ?? null,
          transactionId: input.payment.transactionId,
        }
      : null,
    placedAt: input.placedAt,
    buyerMessage: input.buyerMessage ? input.buyerMessage.slice(0, 500) : null,
  };
}

function result(input: ChannelOrder, orderId: Id, outcome: IngestResult['outcome']): IngestResult {
  return { externalOrderId: input.externalOrderId, orderId, outcome };
}

/**
 * A newer version, or — because channels stamp versions in whole seconds (Taobao's `modified`) — the same
 * version carrying a status further along: a trade paid in the second it was created must not stay unpaid.
 * The same version with the same or an earlier status changes nothing.
 */
function supersedes(input: ChannelOrder, stored: OrderRow): boolean {
  const incoming = input.version.getTime();
  const current = stored.channelVersion.getTime();
  if (incoming !== current) return incoming > current;
  return input.status !== stored.status && isForwardOrSame(stored.status, input.status);
}
