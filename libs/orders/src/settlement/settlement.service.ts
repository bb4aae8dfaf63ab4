import { Injectable, Logger } from '@nestjs/common';
import { AuditLog, ShopsService } from '@tongdao/identity';
import { Clock, EventOutbox, Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderRow } from '../entities';
import { ORDER_EVENTS, orderEventPayload } from '../order-events';
import { lockOrder } from '../order-status';
import { SettlementPolicyRow } from './settlement-policy.entity';
import { SettlementPatch, nextSettlement } from './settlement-rules';

export interface GuaranteePolicyView {
  shopId: string;
  guaranteeEnabled: boolean;
  autoConfirmDays: number;
}

export const MAX_AUTO_CONFIRM_DAYS = 30;
const DEFAULT_AUTO_CONFIRM_DAYS = 10;

/**
 * Guarantee transactions (担保交易): per-shop policy, each order's settlement state kept in step with its
 * status (driven by order events, see SettlementEvents), and the sweep that settles held funds whose
 * auto-confirm date passed.
 */
@Injectable()
export class Settlement {
  private readonly logger = new Logger(Settlement.name);
  private readonly orders: TenantRepository<OrderRow>;
  private readonly policies: TenantRepository<SettlementPolicyRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly shops: ShopsService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.policies = new TenantRepository(tx, SettlementPolicyRow, 'settlement policy');
  }

  async policy(ctx: RequestContext, shopId: Id): Promise<GuaranteePolicyView> {
    await this.shops.get(ctx, shopId);
    const row = await this.policies.findOne(ctx, { shopId });
    return row
      ? { shopId, guaranteeEnabled: row.guaranteeEnabled, autoConfirmDays: row.autoConfirmDays }
      : { shopId, guaranteeEnabled: false, autoConfirmDays: DEFAULT_AUTO_CONFIRM_DAYS };
  }

  async setPolicy(
    ctx: RequestContext,
    shopId: Id,
    input: { guaranteeEnabled: boolean; autoConfirmDays: number },
  ): Promise<GuaranteePolicyView> {
    if (
      !Number.isInteger(input.autoConfirmDays) ||
      input.autoConfirmDays < 1 ||
      input.autoConfirmDays > MAX_AUTO_CONFIRM_DAYS
    ) {
      throw new ValidationFailedError('validation_failed', 'autoConfirmDays is out of range', [
        { field: 'autoConfirmDays', problem: `a whole number of days from 1 to ${MAX_AUTO_CONFIRM_DAYS}` },
      ]);
    }
    await this.shops.get(ctx, shopId);
    return this.tx.run(async () => {
      const before = await this.policy(ctx, shopId);
      const row = await this.policies.findOne(ctx, { shopId });
      if (row) {
        row.guaranteeEnabled = input.guaranteeEnabled;
        row.autoConfirmDays = input.autoConfirmDays;
        await this.policies.save(ctx, row);
      } else {
        await this.policies.insert(ctx, { shopId, ...input });
      }
      await this.audit.record(ctx, {
        action: 'shop.guarantee',
        targetType: 'shop',
        targetId: shopId,
        summary: {
          guaranteeEnabled: [before.guaranteeEnabled, input.guaranteeEnabled],
          autoConfirmDays: [before.autoConfirmDays, input.autoConfirmDays],
        },
      });
      return { shopId, ...input };
    });
  }

  /** Brings one order's settlement in line with its status; safe to call any number of times. */
  async sync(ctx: RequestContext, orderId: Id, at: Date): Promise<void> {
    // Most orders need nothing (no guarantee, or already in step): decide that without taking a lock.
    if (!(await this.needsChange(ctx, orderId, at))) return;
    await this.tx.run(async () => {
      await lockOrder(this.tx, ctx, orderId);
      const order = await this.orders.findById(ctx, orderId);
      if (!order) return;
      const policy = await this.policies.findOne(ctx, { shopId: order.shopId });
      const next = nextSettlement(order, policy, at);
      if (samePatch(next, order)) return;
      const settledNow = next.settlementState === 'settled' && order.settlementState !== 'settled';
      Object.assign(order, next);
      await this.orders.save(ctx, order);
      if (settledNow) await this.recordSettled(ctx, order, 'buyer_confirmed');
    });
  }

  private async needsChange(ctx: RequestContext, orderId: Id, at: Date): Promise<boolean> {
    const order = await this.orders.findById(ctx, orderId);
    if (!order) return false;
    const policy = await this.policies.findOne(ctx, { shopId: order.shopId });
    return !samePatch(nextSettlement(order, policy, at), order);
  }

  /** Settles held orders whose auto-confirm date has passed, across merchants. Returns how many. */
  async settleDue(now: Date = this.clock.now(), limit = 500): Promise<number> {
    const due = await this.tx.dataSource.manager
      .createQueryBuilder(OrderRow, 'o')
      .select(['o.id', 'o.merchantId'])
      .where("o.settlement_state = 'held' AND o.settle_at IS NOT NULL AND o.settle_at <= :now", { now })
      .orderBy('o.settle_at', 'ASC')
      .limit(limit)
      .getMany();
    let settled = 0;
    for (const { id, merchantId } of due) {
      const ctx = RequestContext.system(merchantId, `settlement-sweep:${id}`);
      try {
        const done = await this.tx.run(async () => {
          const result = await this.tx
            .manager()
            .createQueryBuilder()
            .update(OrderRow)
            .set({ settlementState: 'settled', settledAt: now, updatedAt: now })
            .where(
              "merchant_id = :merchantId AND id = :id AND settlement_state = 'held' AND settle_at <= :now",
              {
                merchantId,
                id,
                now,
              },
            )
            .execute();
          if (result.affected === 0) return false;
          await this.recordSettled(ctx, await this.orders.getById(ctx, id), 'auto_confirmed');
          return true;
        });
        if (done) settled += 1;
      } catch (error) {
        this.logger.error({ orderId: id, err: String(error) }, 'could not settle an order');
      }
    }
    return settled;
  }

  private async recordSettled(ctx: RequestContext, order: OrderRow, how: string): Promise<void> {
    await this.outbox.record(ctx, {
      type: ORDER_EVENTS.settled,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: {
        ...orderEventPayload(order, null),
        settlement: { how, settledFen: order.paidFen - order.refundedFen },
      },
    });
  }
}

function samePatch(next: SettlementPatch, order: OrderRow): boolean {
  return (
    next.settlementState === order.settlementState &&
    sameTime(next.deliveredAt, order.deliveredAt) &&
    sameTime(next.settleAt, order.settleAt) &&
    sameTime(next.settledAt, order.settledAt)
  );
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
