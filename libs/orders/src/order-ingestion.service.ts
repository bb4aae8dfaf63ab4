import { Injectable, Logger } from '@nestjs/common';
import { ChannelAccountDirectory, ListingsService } from '@tongdao/catalog';
import { CustomersService } from '@tongdao/crm';
import { StockService } from '@tongdao/inventory';
import { EventOutbox, Id, RequestContext, ValidationFailedError, assertFen } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { ChannelOrder, IngestResult } from './channel-order';
import { OrderLineRow, OrderRow } from './entities';
import { ORDER_EVENTS, orderEventPayload } from './order-events';
import { ORDER_STATUSES, OrderStatus, isForwardOrSame, stockPhase } from './state-machine';
import { OrderStockSync } from './order-stock-sync';

/**
 * The one door for channel orders. Upsert by (channel account, external order id) with the channel's
 * modified time as version: the same order twice, or an older version after a newer one, changes nothing.
 * Stock follows the status afterwards (OrderStockSync), idempotently, so a retry heals a half-done ingest.
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
    readonly stock: StockService,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  async ingest(ctx: RequestContext, channelAccountId: Id, orders: ChannelOrder[]): Promise<IngestResult[]> {
    const account = await this.accounts.get(ctx, channelAccountId);
    orders.forEach((order, i) => validate(order, i));
    const results: IngestResult[] = [];
    for (const order of orders) {
      const result = await this.upsertWithRetry(ctx, account, order);
      await this.stockSync.sync(ctx, result.orderId);
      results.push(result);
    }
    return results;
  }

  private async upsertWithRetry(
    ctx: RequestContext,
    account: { id: Id; type: string; shopId: Id },
    order: ChannelOrder,
  ): Promise<IngestResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tx.run(() => this.upsert(ctx, account, order));
      } catch (error) {
        // The same new order by push and by poll at once: the unique key decides; the loser updates.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  private async upsert(
    ctx: RequestContext,
    account: { id: Id; type: string; shopId: Id },
    input: ChannelOrder,
  ): Promise<IngestResult> {
    const existing = await this.orders.findOne(ctx, {
      channelAccountId: account.id,
      externalOrderId: input.externalOrderId,
    });
    if (existing && input.version.getTime() <= existing.channelVersion.getTime()) {
      return { externalOrderId: input.externalOrderId, orderId: existing.id, outcome: 'unchanged' };
    }
    const customerId = await this.customers.resolveOrCreate(
      ctx,
      input.buyer.identities.map((i) => ({ ...i, channelAccountId: i.channelAccountId ?? account.id })),
      { displayName: input.buyer.name ?? null, phone: input.receiver.phone },
    );
    const fields = {
      channelVersion: input.version,
      channelStatus: input.channelStatus.slice(0, 64),
      customerId,
      buyerName: input.buyer.name ?? null,
      receiver: input.receiver,
      receiverPhone: input.receiver.phone,
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
      buyerMessage: input.buyerMessage ?? null,
    };
    if (!existing) {
      const order = await this.orders.insert(ctx, {
        ...fields,
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
      order.hasUnmappedLines = await this.insertLines(ctx, account.id, order.id, input);
      await this.orders.save(ctx, order);
      await this.emit(ctx, order, ORDER_EVENTS.created, null);
      await this.emitStatusEvents(ctx, order, null);
      return { externalOrderId: input.externalOrderId, orderId: order.id, outcome: 'created' };
    }
    const previous = existing.status;
    Object.assign(existing, fields);
    if (isForwardOrSame(previous, input.status)) existing.status = input.status;
    else
      this.logger.warn(
        { orderId: existing.id, from: previous, to: input.status },
        'channel moved an order backwards; status kept',
      );
    await this.orders.save(ctx, existing);
    if (existing.status !== previous) await this.emitStatusEvents(ctx, existing, previous);
    return { externalOrderId: input.externalOrderId, orderId: existing.id, outcome: 'updated' };
  }

  /** Returns whether any line could not be matched to a merchant SKU. */
  private async insertLines(
    ctx: RequestContext,
    accountId: Id,
    orderId: Id,
    input: ChannelOrder,
  ): Promise<boolean> {
    let unmapped = false;
    for (const line of input.lines) {
      const resolved = await this.listings.resolveSku(ctx, accountId, {
        channelItemId: line.channelItemId,
        channelSkuId: line.channelSkuId ?? null,
        outerId: line.outerId ?? null,
      });
      if (!resolved) unmapped = true;
      await this.lines.insert(ctx, {
        orderId,
        externalLineId: line.externalLineId,
        skuId: resolved?.skuId ?? null,
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
    return unmapped;
  }

  private async emitStatusEvents(
    ctx: RequestContext,
    order: OrderRow,
    previous: OrderStatus | null,
  ): Promise<void> {
    const phase = stockPhase(order.status);
    if (order.status === 'paid' || (previous === 'pending_payment' && phase === 'consumed')) {
      await this.emit(ctx, order, ORDER_EVENTS.paid, previous);
    }
    if (order.status === 'shipped') await this.emit(ctx, order, ORDER_EVENTS.shipped, previous);
    if (order.status === 'delivered') await this.emit(ctx, order, ORDER_EVENTS.delivered, previous);
    if (order.status === 'cancelled' || order.status === 'closed')
      await this.emit(ctx, order, ORDER_EVENTS.cancelled, previous);
  }

  private async emit(
    ctx: RequestContext,
    order: OrderRow,
    type: string,
    previous: OrderStatus | null,
  ): Promise<void> {
    const payload = orderEventPayload(order, previous);
    await this.outbox.record(ctx, { type, aggregateType: 'order', aggregateId: order.id, payload });
  }
}

function validate(order: ChannelOrder, index: number): void {
  const problems: Array<{ field: string; problem: string }> = [];
  const field = (name: string) => `orders[${index}].${name}`;
  if (!order.externalOrderId || order.externalOrderId.length > 64)
    problems.push({ field: field('externalOrderId'), problem: 'required, ≤ 64 characters' });
  if (!(order.version instanceof Date) || Number.isNaN(order.version.getTime()))
    problems.push({ field: field('version'), problem: 'a time' });
  if (!(ORDER_STATUSES as readonly string[]).includes(order.status))
    problems.push({ field: field('status'), problem: 'unknown status' });
  if (!Array.isArray(order.lines) || order.lines.length === 0)
    problems.push({ field: field('lines'), problem: 'at least one line' });
  for (const [name, value] of Object.entries(order.amounts ?? {})) {
    try {
      assertFen(value, name);
      if (value < 0) problems.push({ field: field(`amounts.${name}`), problem: 'must not be negative' });
    } catch {
      problems.push({ field: field(`amounts.${name}`), problem: 'integer fen' });
    }
  }
  for (const [i, line] of (order.lines ?? []).entries()) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      problems.push({ field: field(`lines[${i}].quantity`), problem: 'a positive integer' });
    if (!Number.isSafeInteger(line.unitPriceFen) || !Number.isSafeInteger(line.totalFen))
      problems.push({ field: field(`lines[${i}]`), problem: 'prices in integer fen' });
  }
  if (problems.length > 0)
    throw new ValidationFailedError('invalid_channel_order', 'A channel order is malformed', problems);
}
