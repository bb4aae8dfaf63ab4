import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { Clock, JobHandler, JobQueue, PeriodicTask, RequestContext } from '@tongdao/kernel';
import { OrderPlacement } from '@tongdao/orders';
import { TransactionRunner, sqlTime } from '@tongdao/persistence';
import { StoreOrderRow } from '../checkout/store-order.entity';
import { PaymentClosing } from './payment-closing';
import { PaymentLedger } from './payment-ledger';
import { StorePaymentRow } from './payment.entities';
import { PaymentRefunds } from './payment-refunds.service';

export const PAYMENT_EXPIRY_SWEEP_JOB = 'storefront.payment-expiry-sweep';

/** A buyer who tapped "pay" a moment before the deadline gets this long for WeChat Pay to finish. */
export const PAYMENT_GRACE_MS = 60_000;
const INTERVAL_MS = 15_000;
const BATCH = 100;
const MAX_BATCHES = 5;
/**
 * How far back a pass looks: bounds each pass to recent orders. An order missed for longer (the sweep down for a
 * day) keeps its status, but its stock was released by the reservation sweep and WeChat Pay expired its
 * transaction at time_expire.
 */
const LOOKBACK_MS = 24 * 3600_000;
/** A refund neither answered nor notified after this long is asked about again. */
const REFUND_STALE_MS = 2 * 60_000;

export interface SweepResult {
  /** Orders whose window passed and that were cancelled (stock back) or already off. */
  expired: number;
  /** WeChat Pay transactions closed on the way. */
  closed: number;
  /** Orders that turned out to be paid when their transaction was to be closed. */
  paidLate: number;
  refundsRetried: number;
}

/**
 * Ends WeChat-shop orders nobody paid: past expiresAt + grace and still waiting, the WeChat Pay transaction (if
 * one was made) is closed first — so the buyer can no longer pay — and the order cancelled with its stock given
 * back. A close that answers ORDERPAID means the buyer won the race: the transaction is queried and taken as a
 * payment instead. Also asks again about refunds that never settled. Overlapping passes are harmless.
 */
@Injectable()
export class PaymentExpirySweep extends PeriodicTask {
  private running = false;

  constructor(
    config: AppConfig,
    queue: JobQueue,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly closing: PaymentClosing,
    private readonly placement: OrderPlacement,
    private readonly ledger: PaymentLedger,
    private readonly refunds: PaymentRefunds,
  ) {
    super(queue, {
      jobName: PAYMENT_EXPIRY_SWEEP_JOB,
      intervalMs: INTERVAL_MS,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(PaymentExpirySweep.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.sweepOnce();
  }

  @JobHandler(PAYMENT_EXPIRY_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.onScheduledJob();
  }

  /** One pass at `now` (default the clock); exposed for tests and operators. */
  async sweepOnce(now: Date = this.clock.now()): Promise<SweepResult> {
    const result: SweepResult = { expired: 0, closed: 0, paidLate: 0, refundsRetried: 0 };
    if (this.running) return result;
    this.running = true;
    try {
      const cutoff = new Date(now.getTime() - PAYMENT_GRACE_MS);
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const due = await this.dueOrders(cutoff);
        for (const order of due) await this.expire(order, now, result);
        if (due.length < BATCH) break;
      }
      for (const refund of await this.refunds.stale(new Date(now.getTime() - REFUND_STALE_MS), BATCH)) {
        const ctx = RequestContext.system(refund.merchantId, `payment-sweep:${refund.outRefundNo}`);
        await this.refunds.execute(ctx, refund.outRefundNo).catch((error: unknown) => {
          this.logger.warn({ outRefundNo: refund.outRefundNo, err: String(error) }, 'refund retry failed');
        });
        result.refundsRetried += 1;
      }
      if (result.expired + result.paidLate > 0) this.logger.log(result, 'unpaid WeChat-shop orders swept');
      return result;
    } finally {
      this.running = false;
    }
  }

  /** Across merchants: past the cutoff, and no payment row yet or one still waiting for the buyer. */
  private dueOrders(cutoff: Date): Promise<StoreOrderRow[]> {
    return this.tx
      .manager()
      .getRepository(StoreOrderRow)
      .createQueryBuilder('o')
      .leftJoin(StorePaymentRow, 'p', 'p.merchant_id = o.merchant_id AND p.order_id = o.id')
      .where('o.expires_at < :cutoff AND o.expires_at > :since', {
        cutoff: sqlTime(this.tx.dialect, cutoff),
        since: sqlTime(this.tx.dialect, new Date(cutoff.getTime() - LOOKBACK_MS)),
      })
      .andWhere("(p.id IS NULL OR p.state = 'prepaid')")
      .orderBy('o.expires_at', 'ASC')
      .limit(BATCH)
      .getMany();
  }

  private async expire(order: StoreOrderRow, now: Date, result: SweepResult): Promise<void> {
    const ctx = RequestContext.system(order.merchantId, `payment-sweep:${order.id}`);
    try {
      const payment = await this.ledger.paymentOf(ctx, order.id);
      if (payment?.prepayId) {
        const closed = await this.closing.close(ctx, order);
        if (closed === 'paid') {
          result.paidLate += 1;
          return;
        }
        if (closed === 'retry') return;
        result.closed += 1;
      }
      await this.placement.cancelUnpaid(ctx, order.id, 'payment_expired');
      await this.ledger.recordClosed(ctx, order, now);
      result.expired += 1;
    } catch (error) {
      this.logger.error({ orderId: order.id, err: String(error) }, 'could not expire an unpaid order');
    }
  }
}
