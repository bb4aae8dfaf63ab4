import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { DomainEventInput, EventOutbox, Id, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner, insertRows } from '@tongdao/persistence';
import { OutboxEventRow } from './entities';

/** Rung after a commit that wrote events, so the relay in this process publishes without waiting a poll. */
@Injectable()
export class OutboxBell extends EventEmitter {
  ring(): void {
    this.emit('ring');
  }
}

/**
 * The outbox writer: event rows in the caller's transaction, or no event at all. Ids and times are made here,
 * so an insert needs no read-back of defaults: a page of events is one multi-row INSERT.
 */
@Injectable()
export class OutboxWriter extends EventOutbox {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly bell: OutboxBell,
  ) {
    super();
  }

  async record(ctx: RequestContext, event: DomainEventInput): Promise<Id> {
    return (await this.recordMany(ctx, [event]))[0];
  }

  override async recordMany(ctx: RequestContext, events: readonly DomainEventInput[]): Promise<Id[]> {
    if (!this.tx.inTransaction()) {
      const type = events[0]?.type ?? 'events';
      throw new Error(`event ${type} must be recorded inside the transaction that made the change`);
    }
    if (events.length === 0) return [];
    const occurredAt = new Date();
    const rows: OutboxEventRow[] = events.map((event) =>
      Object.assign(new OutboxEventRow(), {
        id: newId(),
        merchantId: ctx.merchantId,
        type: event.type,
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        payload: event.payload,
        occurredAt,
        publishedAt: null,
        claimedUntil: null,
        claimToken: null,
        publishAttempts: 0,
        lastError: null,
      }),
    );
    await insertRows(this.tx.manager(), OutboxEventRow, rows);
    this.tx.afterCommit(() => this.bell.ring());
    return rows.map((r) => r.id);
  }
}
