import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { DomainEventInput, EventOutbox, Id, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { OutboxEventRow } from './entities';

/** Rung after a commit that wrote events, so the relay in this process publishes without waiting a poll. */
@Injectable()
export class OutboxBell extends EventEmitter {
  ring(): void {
    this.emit('ring');
  }
}

/** The outbox writer: an event row in the caller's transaction, or no event at all. */
@Injectable()
export class OutboxWriter extends EventOutbox {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly bell: OutboxBell,
  ) {
    super();
  }

  async record(ctx: RequestContext, event: DomainEventInput): Promise<Id> {
    if (!this.tx.inTransaction()) {
      throw new Error(`event ${event.type} must be recorded inside the transaction that made the change`);
    }
    const id = newId();
    await this.tx.manager().getRepository(OutboxEventRow).insert({
      id,
      merchantId: ctx.merchantId,
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: event.payload,
      occurredAt: new Date(),
      publishedAt: null,
      claimedUntil: null,
      claimToken: null,
      publishAttempts: 0,
      lastError: null,
    });
    this.tx.afterCommit(() => this.bell.ring());
    return id;
  }
}
