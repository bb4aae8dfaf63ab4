import { Injectable } from '@nestjs/common';
import { PublishedEvent } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ProcessedEventRow } from './entities';

/**
 * Makes an event consumer idempotent: the (consumer, event id) row is inserted in the same transaction as
 * the consumer's own writes, so a redelivered event finds the row and does nothing; a failed attempt rolls
 * both back and can be retried.
 */
@Injectable()
export class ConsumedEvents {
  constructor(private readonly tx: TransactionRunner) {}

  async runOnce(
    consumer: string,
    event: PublishedEvent,
    handler: (event: PublishedEvent) => Promise<void>,
  ): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const repo = manager.getRepository(ProcessedEventRow);
      const seen = await repo.findOne({ where: { consumer, eventId: event.id } });
      if (seen) return false;
      await repo.insert({ consumer, eventId: event.id, processedAt: new Date() });
      await handler(event);
      return true;
    });
  }
}
