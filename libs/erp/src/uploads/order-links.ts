import { Injectable } from '@nestjs/common';
import { Brackets, In } from 'typeorm';
import { Page, PageQuery, RequestContext, newId, pageSize, toPage } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation, sqlTime } from '@tongdao/persistence';
import { ErpConnectionRow, ErpOrderLinkRow, LinkState } from '../erp.entities';

export interface OrderLinkView {
  id: string;
  orderId: string;
  shopId: string;
  soId: string;
  erpOrderId: string | null;
  state: LinkState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  rejectReason: string | null;
  paidAt: string;
  uploadedAt: string | null;
  cancelledAt: string | null;
}

/** What happened to one claimed order in an upload round. */
export type LinkOutcome =
  | { kind: 'stored'; erpOrderId: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'failed'; error: string }
  | { kind: 'withdrawn' }
  | { kind: 'released'; delayMs: number; error: string };

/** The `erp_order_links` table: queueing, leases for uploaders, outcomes, dead letters and replay. */
@Injectable()
export class OrderLinks {
  private readonly rows: TenantRepository<ErpOrderLinkRow>;

  constructor(private readonly tx: TransactionRunner) {
    this.rows = new TenantRepository(tx, ErpOrderLinkRow, 'ERP order link');
  }

  /** Queues the order once; a second paid event (at-least-once delivery) finds the row and changes nothing. */
  async queue(
    ctx: RequestContext,
    connection: ErpConnectionRow,
    order: { orderId: string; shopId: string; paidAt: Date },
  ): Promise<boolean> {
    try {
      await this.rows.insert(ctx, {
        connectionId: connection.id,
        orderId: order.orderId,
        shopId: order.shopId,
        soId: order.orderId,
        erpOrderId: null,
        state: 'queued',
        attempts: 0,
        nextAttemptAt: new Date(),
        leaseToken: null,
        leaseUntil: null,
        lastError: null,
        rejectReason: null,
        paidAt: order.paidAt,
        uploadedAt: null,
        cancelledAt: null,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  findByOrder(ctx: RequestContext, orderId: string): Promise<ErpOrderLinkRow | null> {
    return this.rows.findOne(ctx, { orderId });
  }

  /**
   * Takes up to `limit` due orders of the merchant for one upload round. Rows held by another uploader whose
   * lease has not run out are skipped; a crashed uploader's rows come back when its lease ends.
   */
  async claim(ctx: RequestContext, limit: number, leaseMs: number): Promise<ErpOrderLinkRow[]> {
    const now = new Date();
    const at = sqlTime(this.tx.dialect, now);
    const due = await this.rows
      .query(ctx, 'l')
      .select(['l.id'])
      .andWhere('l.state = :state', { state: 'queued' })
      .andWhere('l.nextAttemptAt <= :at', { at })
      .andWhere(new Brackets((w) => w.where('l.leaseUntil IS NULL').orWhere('l.leaseUntil < :at', { at })))
      .orderBy('l.nextAttemptAt', 'ASC')
      .take(limit)
      .getMany();
    if (due.length === 0) return [];
    const token = newId();
    await this.tx.dataSource.manager
      .createQueryBuilder()
      .update(ErpOrderLinkRow)
      .set({ leaseToken: token, leaseUntil: new Date(now.getTime() + leaseMs) })
      .where('merchant_id = :merchantId', { merchantId: ctx.tenantId })
      .andWhere('id IN (:...ids)', { ids: due.map((d) => d.id) })
      .andWhere('state = :state', { state: 'queued' })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < :at', { at })))
      .execute();
    return this.rows.find(ctx, { leaseToken: token });
  }

  /** Records each outcome, only while the row is still held under the round's lease. */
  async settle(
    ctx: RequestContext,
    outcomes: ReadonlyArray<{ link: ErpOrderLinkRow; outcome: LinkOutcome }>,
    policy: { maxAttempts: number; retryBaseMs: number },
  ): Promise<Array<{ link: ErpOrderLinkRow; state: LinkState }>> {
    const now = new Date();
    const settled: Array<{ link: ErpOrderLinkRow; state: LinkState }> = [];
    await this.tx.run(async (manager) => {
      for (const { link, outcome } of outcomes) {
        const changes = changesFor(link, outcome, now, policy);
        const result = await manager
          .createQueryBuilder()
          .update(ErpOrderLinkRow)
          .set({ ...changes, leaseToken: null, leaseUntil: null, updatedAt: now })
          .where('merchant_id = :merchantId AND id = :id AND lease_token = :token', {
            merchantId: ctx.tenantId,
            id: link.id,
            token: link.leaseToken,
          })
          .execute();
        if (result.affected) settled.push({ link, state: changes.state ?? link.state });
      }
    });
    return settled;
  }

  /**
   * When the merchant's next queued order not held by an uploader falls due, to wake the uploader then.
   * Held rows are their holder's to finish (or, if it died, the sweep's once the lease ends).
   */
  async nextDue(ctx: RequestContext): Promise<Date | null> {
    const at = sqlTime(this.tx.dialect, new Date());
    const row = await this.rows
      .query(ctx, 'l')
      .andWhere('l.state = :state', { state: 'queued' })
      .andWhere(new Brackets((w) => w.where('l.leaseUntil IS NULL').orWhere('l.leaseUntil < :at', { at })))
      .orderBy('l.nextAttemptAt', 'ASC')
      .getOne();
    return row ? row.nextAttemptAt : null;
  }

  /** Merchants with queued orders already due (the periodic sweep's safety net for lost wake-ups). */
  async merchantsWithDue(): Promise<string[]> {
    const rows: Array<{ merchantId: string }> = await this.tx.dataSource.manager
      .getRepository(ErpOrderLinkRow)
      .createQueryBuilder('l')
      .select('DISTINCT l.merchantId', 'merchantId')
      .where('l.state = :state', { state: 'queued' })
      .andWhere('l.nextAttemptAt <= :at', { at: sqlTime(this.tx.dialect, new Date()) })
      .limit(1000)
      .getRawMany();
    return rows.map((r) => r.merchantId);
  }

  /**
   * Moves the row from one of `from` to `to` (with extra changes) unless an uploader holds it now; false when
   * the row was not in such a state or was held.
   */
  async move(
    ctx: RequestContext,
    id: string,
    from: readonly LinkState[],
    changes: Partial<ErpOrderLinkRow> & { state: LinkState },
  ): Promise<boolean> {
    const now = new Date();
    const at = sqlTime(this.tx.dialect, now);
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(ErpOrderLinkRow)
      .set({ ...changes, updatedAt: now })
      .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id })
      .andWhere('state IN (:...from)', { from })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < :at', { at })))
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Orders that need staff: dead (retries used up) and rejected by the ERP, newest first. */
  async deadLetters(
    ctx: RequestContext,
    query: PageQuery & { state?: 'dead' | 'rejected' },
  ): Promise<Page<OrderLinkView>> {
    const states = query.state ? [query.state] : ['dead', 'rejected'];
    const rows = await this.rows.pageRows(ctx, query, { state: In(states) as unknown as LinkState });
    return toPage(rows, pageSize(query), linkView);
  }

  async get(ctx: RequestContext, id: string): Promise<ErpOrderLinkRow> {
    return this.rows.getById(ctx, id);
  }
}

function changesFor(
  link: ErpOrderLinkRow,
  outcome: LinkOutcome,
  now: Date,
  policy: { maxAttempts: number; retryBaseMs: number },
): Partial<ErpOrderLinkRow> {
  switch (outcome.kind) {
    case 'stored':
      return {
        state: 'uploaded',
        erpOrderId: outcome.erpOrderId,
        attempts: link.attempts + 1,
        uploadedAt: now,
        lastError: null,
      };
    case 'rejected':
      return { state: 'rejected', attempts: link.attempts + 1, rejectReason: outcome.reason.slice(0, 500) };
    case 'withdrawn':
      return { state: 'cancelled', cancelledAt: now };
    case 'released':
      return {
        nextAttemptAt: new Date(now.getTime() + outcome.delayMs),
        lastError: outcome.error.slice(0, 500),
      };
    case 'failed': {
      const attempts = link.attempts + 1;
      const delay = policy.retryBaseMs * 2 ** (attempts - 1) * (0.8 + Math.random() * 0.4);
      return {
        state: attempts >= policy.maxAttempts ? 'dead' : 'queued',
        attempts,
        nextAttemptAt: new Date(now.getTime() + delay),
        lastError: outcome.error.slice(0, 500),
      };
    }
  }
}

export function linkView(row: ErpOrderLinkRow): OrderLinkView {
  return {
    id: row.id,
    orderId: row.orderId,
    shopId: row.shopId,
    soId: row.soId,
    erpOrderId: row.erpOrderId,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'queued' ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError,
    rejectReason: row.rejectReason,
    paidAt: row.paidAt.toISOString(),
    uploadedAt: row.uploadedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  };
}
