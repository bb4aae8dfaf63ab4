import { Id } from './ids';
import { RequestContext } from './request-context';

/** A fact recorded in the same transaction as the change it describes (the transactional outbox). */
export interface DomainEventInput<P extends object = object> {
  type: string;
  aggregateType: string;
  aggregateId: Id;
  payload: P;
}

/** What consumers receive: the stored event, with its id for idempotency. */
export interface PublishedEvent<P extends object = object> extends DomainEventInput<P> {
  id: Id;
  merchantId: Id | null;
  occurredAt: string;
}

/** Writes events into the outbox table inside the caller's current transaction. */
export abstract class EventOutbox {
  abstract record(ctx: RequestContext, event: DomainEventInput): Promise<Id>;

  /**
   * Several events of one tenant at once, ids in input order (so they are relayed in that order). Writers
   * that can store them in one statement override this; the default records them one by one.
   */
  async recordMany(ctx: RequestContext, events: readonly DomainEventInput[]): Promise<Id[]> {
    const ids: Id[] = [];
    for (const event of events) ids.push(await this.record(ctx, event));
    return ids;
  }
}
