import { Injectable } from '@nestjs/common';
import { OrderAccessPolicy } from '@tongdao/identity';
import { RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { In } from 'typeorm';
import { OrderDeskFilters, applyDeskFilters, deskView } from '../desk-query';
import { OrderLineRow, OrderRow } from '../entities';
import { orderCsvLine } from './csv-format';

/** Orders per keyset page: one query for the orders and one for their lines. */
export const EXPORT_PAGE_ROWS = 1000;

export interface CsvPage {
  text: string;
  rows: number;
  lastOrderId: string;
}

/**
 * Reads the desk's orders for one viewer as CSV text, a keyset page at a time (newest first, like the list),
 * so an export of any size holds one page in memory. Visibility and masking are the desk's own.
 */
@Injectable()
export class OrderCsvPages {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  /** Throws 403 now, before any byte is sent, when the viewer may not read orders. */
  assertCanRead(ctx: RequestContext): void {
    this.access.visibleScope(ctx);
  }

  async count(ctx: RequestContext, filters: OrderDeskFilters): Promise<number> {
    return (await applyDeskFilters(this.orders.query(ctx, 'o'), ctx, filters, this.access)).getCount();
  }

  /** Pages after `afterId` (exclusive; null = from the newest), until the filter runs dry. */
  async *pages(
    ctx: RequestContext,
    filters: OrderDeskFilters,
    afterId: string | null,
    pageRows = EXPORT_PAGE_ROWS,
  ): AsyncGenerator<CsvPage> {
    const pii = this.access.canSeePii(ctx);
    let after = afterId;
    for (;;) {
      const qb = await applyDeskFilters(this.orders.query(ctx, 'o'), ctx, filters, this.access);
      if (after) qb.andWhere('o.id < :after', { after });
      const orders = await qb.orderBy('o.id', 'DESC').take(pageRows).getMany();
      if (orders.length === 0) return;
      const lines = await this.lines.find(
        ctx,
        { orderId: In(orders.map((o) => o.id)) },
        {
          externalLineId: 'ASC',
        },
      );
      const byOrder = new Map<string, OrderLineRow[]>();
      for (const line of lines) {
        const list = byOrder.get(line.orderId);
        if (list) list.push(line);
        else byOrder.set(line.orderId, [line]);
      }
      const text = orders.map((o) => orderCsvLine(deskView(o, byOrder.get(o.id) ?? [], pii))).join('');
      after = orders[orders.length - 1].id;
      yield { text, rows: orders.length, lastOrderId: after };
      if (orders.length < pageRows) return;
    }
  }
}
