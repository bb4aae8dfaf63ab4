import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { CustomersService } from '@tongdao/crm';
import { AuditLog, ShopsService } from '@tongdao/identity';
import {
  Clock,
  ConflictError,
  DomainEventInput,
  EventOutbox,
  Id,
  NotFoundError,
  Page,
  PageQuery,
  RequestContext,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { Brackets } from 'typeorm';
import { StoreShelf } from '../shelf';
import { PaymentRequestDelivery } from './payment-request-delivery';
import { PaymentRequestLine, PaymentRequestRow, PaymentRequestState } from './payment-request.entity';
import { assertRequestInput, lockOpenRequest, notOpen } from './payment-request.rules';
import { PaymentRequestView, effectiveState, paymentRequestView } from './payment-request.view';

export const PAYMENT_REQUEST_EVENTS = {
  created: 'payment_request.created',
  cancelled: 'payment_request.cancelled',
  paid: 'payment_request.paid',
} as const;

/** Every payment request event carries the request as it stands after the change. */
export function paymentRequestEvent(type: string, row: PaymentRequestRow): DomainEventInput {
  return {
    type,
    aggregateType: 'payment_request',
    aggregateId: row.id,
    payload: {
      paymentRequestId: row.id,
      shopId: row.shopId,
      customerId: row.customerId,
      totalFen: row.totalFen,
      state: row.state,
      orderId: row.orderId,
    },
  };
}

export const DEFAULT_PAYMENT_REQUEST_HOURS = 48;
const HOUR_MS = 3600_000;

export interface CreatePaymentRequestInput {
  customerId: Id;
  lines: Array<{ skuId: Id; quantity: number; unitPriceFen: number }>;
  note?: string | null;
  expiresInHours?: number;
}

/**
 * The seller's side of payment requests ("invitation to pay"): staff pick goods and a price for one buyer;
 * the link goes to the buyer in WeChat; the buyer's side is BuyerPaymentRequests.
 */
@Injectable()
export class StorePaymentRequests {
  private readonly requests: TenantRepository<PaymentRequestRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly shelf: StoreShelf,
    private readonly customers: CustomersService,
    private readonly delivery: PaymentRequestDelivery,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.requests = new TenantRepository(tx, PaymentRequestRow, 'payment request');
  }

  async create(
    ctx: RequestContext,
    shopId: Id,
    input: CreatePaymentRequestInput,
  ): Promise<PaymentRequestView> {
    const hours = input.expiresInHours ?? DEFAULT_PAYMENT_REQUEST_HOURS;
    assertRequestInput(input, hours);
    const shop = await this.shops.get(ctx, shopId);
    const account = await this.shelf.storeAccountOf(ctx, shopId);
    await this.customers.get(ctx, input.customerId);
    const identities = await this.customers.identitiesOf(ctx, input.customerId);
    const reachable = identities.some(
      (i) => i.kind === 'wechat_openid' && i.channelAccountId === account.channelAccountId,
    );
    if (!reachable)
      throw new ConflictError(
        'buyer_unreachable',
        "The customer has no openid on the shop's WeChat account",
        [{ field: 'customerId', problem: "a buyer who has opened the shop's WeChat account" }],
      );
    const priced = await this.shelf.priceLines(
      ctx,
      account.channelAccountId,
      input.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    );
    const lines: PaymentRequestLine[] = priced.map((p, i) => ({
      skuId: p.skuId,
      productId: p.productId,
      title: p.title,
      quantity: p.quantity,
      unitPriceFen: input.lines[i].unitPriceFen,
      totalFen: p.quantity * input.lines[i].unitPriceFen,
      shelfUnitPriceFen: p.unitPriceFen,
    }));
    const row = await this.tx.run(async () => {
      const saved = await this.requests.insert(ctx, {
        shopId,
        channelAccountId: account.channelAccountId,
        customerId: input.customerId,
        lines,
        totalFen: lines.reduce((sum, l) => sum + l.totalFen, 0),
        note: input.note ?? null,
        state: 'open',
        expiresAt: new Date(this.clock.now().getTime() + hours * HOUR_MS),
        orderId: null,
        createdBy: ctx.staffId,
        delivery: 'pending',
        deliveryError: null,
        deliveryAttempts: 0,
        paidAt: null,
        cancelledAt: null,
      });
      await this.record(ctx, saved, PAYMENT_REQUEST_EVENTS.created, 'payment_request.create');
      return saved;
    });
    return this.view(await this.delivery.deliver(ctx, row, shop.name));
  }

  /** Sends the link again (after a failed delivery, or when the buyer lost it); only while it can be paid. */
  async resend(ctx: RequestContext, shopId: Id, id: Id): Promise<PaymentRequestView> {
    const row = await this.find(ctx, shopId, id);
    const state = effectiveState(row, this.clock.now());
    if (state !== 'open') throw notOpen(state);
    const shop = await this.shops.get(ctx, shopId);
    return this.view(await this.delivery.deliver(ctx, row, shop.name));
  }

  async cancel(ctx: RequestContext, shopId: Id, id: Id): Promise<PaymentRequestView> {
    await this.find(ctx, shopId, id);
    return this.tx.run(async () => {
      const row = await lockOpenRequest(this.tx, this.requests, this.clock, ctx, id, {
        code: 'payment_request_ordered',
        message: 'The buyer already placed the order; cancel the order instead',
      });
      row.state = 'cancelled';
      row.cancelledAt = this.clock.now();
      await this.requests.save(ctx, row);
      await this.record(ctx, row, PAYMENT_REQUEST_EVENTS.cancelled, 'payment_request.cancel');
      return this.view(row);
    });
  }

  async get(ctx: RequestContext, shopId: Id, id: Id): Promise<PaymentRequestView> {
    return this.view(await this.find(ctx, shopId, id));
  }

  async list(
    ctx: RequestContext,
    shopId: Id,
    query: PageQuery & { state?: PaymentRequestState },
  ): Promise<Page<PaymentRequestView>> {
    await this.shops.get(ctx, shopId);
    const now = this.clock.now();
    const qb = this.requests.query(ctx, 'r').andWhere('r.shopId = :shopId', { shopId });
    if (query.cursor) qb.andWhere('r.id < :cursor', { cursor: query.cursor });
    if (query.state === 'open' || query.state === 'expired') {
      const expired = query.state === 'expired';
      qb.andWhere("r.state = 'open'").andWhere(
        new Brackets((w) =>
          expired
            ? w.where('r.orderId IS NULL AND r.expiresAt <= :now', { now })
            : w.where('r.orderId IS NOT NULL').orWhere('r.expiresAt > :now', { now }),
        ),
      );
    } else if (query.state) {
      qb.andWhere('r.state = :state', { state: query.state });
    }
    const rows = await qb
      .orderBy('r.id', 'DESC')
      .take(pageSize(query) + 1)
      .getMany();
    return toPage(rows, pageSize(query), (row) => this.view(row));
  }

  private async find(ctx: RequestContext, shopId: Id, id: Id): Promise<PaymentRequestRow> {
    await this.shops.get(ctx, shopId);
    const row = await this.requests.findOne(ctx, { id, shopId });
    if (!row) throw new NotFoundError('payment request', id);
    return row;
  }

  private async record(
    ctx: RequestContext,
    row: PaymentRequestRow,
    type: string,
    action: string,
  ): Promise<void> {
    await this.outbox.record(ctx, paymentRequestEvent(type, row));
    await this.audit.record(ctx, {
      action,
      targetType: 'payment_request',
      targetId: row.id,
      summary: { shopId: row.shopId, customerId: row.customerId, totalFen: row.totalFen },
    });
  }

  private view(row: PaymentRequestRow): PaymentRequestView {
    return paymentRequestView(row, this.clock.now(), this.config.publicUrl);
  }
}
