import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DEFAULT_TMC_REDELIVERY_MS } from '../state/misbehaviour';
import { TaobaoStore } from '../state/store';
import { toWireJson, WireObject } from '../wire/json';

export interface TmcMessage {
  id: bigint;
  topic: string;
  /** The JSON text the platform sends as `content`. */
  content: string;
  pubTime: number;
  userId: bigint;
  nick: string;
  dataId: bigint;
  retried: number;
}

/** A holder of a TMC queue: a WebSocket connection, or the HTTP poller (`taobao.tmc.messages.consume`). */
export interface TmcConsumer {
  readonly id: string;
  readonly appKey: string;
  readonly group: string;
  /** In push mode once it has pulled at least once; until then pending messages wait for a pull. */
  active: boolean;
  deliver(messages: TmcMessage[]): void;
}

type EntryState = 'pending' | 'inflight';
interface Entry {
  message: TmcMessage;
  state: EntryState;
  consumerId?: string;
  deadline?: number;
}

export interface QueueSnapshot {
  appKey: string;
  group: string;
  pending: number;
  inflight: number;
  confirmed: number;
  published: number;
}

const MAX_BATCH = 200;
const SWEEP_MS = 100;

function queueKey(appKey: string, group: string): string {
  return `${appKey}\u0000${group}`;
}

/**
 * TMC queues per app and group: at-least-once, redelivered when not confirmed in time or when the consumer
 * reports failure or goes away. Messages for a seller go to every app the seller has authorised.
 */
@Injectable()
export class TmcHub implements OnModuleInit, OnModuleDestroy {
  private readonly queues = new Map<string, Map<string, Entry>>();
  private readonly consumers = new Map<string, TmcConsumer[]>();
  private readonly counts = new Map<string, { confirmed: number; published: number }>();
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly store: TaobaoStore) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  reset(): void {
    this.queues.clear();
    this.counts.clear();
  }

  publish(sellerNick: string, topic: string, content: WireObject, dataId: bigint, at: number): void {
    const seller = this.store.sellers.get(sellerNick);
    if (!seller) return;
    for (const appKey of this.store.appsOfSeller(sellerNick)) {
      const key = queueKey(appKey, seller.tmcGroup);
      const message: TmcMessage = {
        id: this.store.nextMessageId(),
        topic,
        content: toWireJson(content),
        pubTime: at,
        userId: seller.userId,
        nick: seller.nick,
        dataId,
        retried: 0,
      };
      this.queue(key).set(message.id.toString(), { message, state: 'pending' });
      this.count(key).published += 1;
      if (!this.store.misbehaviourOf(appKey).config.tmcOutOfOrder) this.drain(key);
    }
  }

  register(consumer: TmcConsumer): void {
    const key = queueKey(consumer.appKey, consumer.group);
    this.consumers.set(key, [...(this.consumers.get(key) ?? []), consumer]);
  }

  unregister(consumer: TmcConsumer): void {
    const key = queueKey(consumer.appKey, consumer.group);
    this.consumers.set(
      key,
      (this.consumers.get(key) ?? []).filter((c) => c !== consumer),
    );
    for (const entry of this.queue(key).values()) {
      if (entry.state === 'inflight' && entry.consumerId === consumer.id) this.requeue(entry);
    }
    this.drain(key);
  }

  /** A pull request: the consumer switches to push mode and gets what is pending now. */
  pull(consumer: TmcConsumer, max = MAX_BATCH): void {
    consumer.active = true;
    this.deliverTo(consumer, max);
  }

  /** Marks messages done; unknown or already confirmed ids are ignored, as confirming twice is harmless. */
  confirm(appKey: string, group: string, ids: string[]): void {
    const key = queueKey(appKey, group);
    const queue = this.queue(key);
    for (const id of ids) {
      if (queue.delete(id)) this.count(key).confirmed += 1;
    }
  }

  /** The consumer could not handle the message: it goes back to the queue at once. */
  fail(appKey: string, group: string, id: string): void {
    const key = queueKey(appKey, group);
    const entry = this.queue(key).get(id);
    if (entry?.state === 'inflight') this.requeue(entry);
    this.drain(key);
  }

  snapshot(appKey?: string): QueueSnapshot[] {
    const out: QueueSnapshot[] = [];
    for (const [key, queue] of this.queues) {
      const [app, group] = key.split('\u0000');
      if (appKey && app !== appKey) continue;
      const entries = [...queue.values()];
      out.push({
        appKey: app,
        group,
        pending: entries.filter((e) => e.state === 'pending').length,
        inflight: entries.filter((e) => e.state === 'inflight').length,
        ...this.count(key),
      });
    }
    return out;
  }

  /** Messages not yet confirmed, oldest first (for the control API). */
  unconfirmed(appKey: string, group: string): Array<TmcMessage & { state: EntryState }> {
    return [...this.queue(queueKey(appKey, group)).values()].map((e) => ({ ...e.message, state: e.state }));
  }

  private deliverTo(consumer: TmcConsumer, max: number): void {
    const key = queueKey(consumer.appKey, consumer.group);
    const misbehaviour = this.store.misbehaviourOf(consumer.appKey);
    const redeliveryMs = misbehaviour.config.tmcRedeliveryMs ?? DEFAULT_TMC_REDELIVERY_MS;
    const batch: TmcMessage[] = [];
    for (const entry of this.queue(key).values()) {
      if (batch.length >= max) break;
      if (entry.state !== 'pending') continue;
      entry.state = 'inflight';
      entry.consumerId = consumer.id;
      entry.deadline = this.store.now() + redeliveryMs;
      batch.push({ ...entry.message });
      if (misbehaviour.hit('tmcDuplicate', misbehaviour.config.tmcDuplicate))
        batch.push({ ...entry.message });
    }
    if (batch.length === 0) return;
    if (misbehaviour.config.tmcOutOfOrder) batch.reverse();
    consumer.deliver(batch);
  }

  private drain(key: string): void {
    const active = (this.consumers.get(key) ?? []).filter((c) => c.active);
    if (active.length === 0) return;
    const [app] = key.split('\u0000');
    if (this.store.misbehaviourOf(app).config.tmcOutOfOrder) return;
    // Rotate so that several connections of one group share the work.
    const consumer = active[0];
    this.consumers.set(key, [...(this.consumers.get(key) ?? []).filter((c) => c !== consumer), consumer]);
    this.deliverTo(consumer, MAX_BATCH);
  }

  private requeue(entry: Entry): void {
    entry.state = 'pending';
    entry.consumerId = undefined;
    entry.deadline = undefined;
    entry.message.retried += 1;
  }

  private sweep(): void {
    const now = this.store.now();
    for (const [key, queue] of this.queues) {
      let expired = false;
      for (const entry of queue.values()) {
        if (entry.state === 'inflight' && entry.deadline !== undefined && entry.deadline <= now) {
          this.requeue(entry);
          expired = true;
        }
      }
      if (expired) this.drain(key);
    }
  }

  private queue(key: string): Map<string, Entry> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new Map();
      this.queues.set(key, queue);
    }
    return queue;
  }

  private count(key: string): { confirmed: number; published: number } {
    let count = this.counts.get(key);
    if (!count) {
      count = { confirmed: 0, published: 0 };
      this.counts.set(key, count);
    }
    return count;
  }
}
