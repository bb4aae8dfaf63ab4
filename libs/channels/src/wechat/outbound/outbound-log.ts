import { Injectable } from '@nestjs/common';
import { Id, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { Repository } from 'typeorm';
import { OutboundKind, OutboundStatus, WechatOutboundMessageRow } from './outbound.entities';

export interface OutboundAttempt {
  merchantId: Id;
  channelAccountId: Id;
  customerId: Id | null;
  openid: string;
  kind: OutboundKind;
  clientMsgId: string;
  source: string;
  orderId?: Id | null;
  staffId?: Id | null;
  payload: Record<string, unknown>;
  status: OutboundStatus;
  msgid: string | null;
  error: string | null;
}

/**
 * The outbound message log. A message handed to WeChat is a fact outside our database transaction, so the
 * log is written on its own connection (autocommit), not in the event consumer's transaction: a failed
 * attempt rolls the consumer back and retries, but its row — status `failed` with the error — stays.
 * (On the single-connection SQLite default the row shares the consumer's fate.)
 */
@Injectable()
export class WechatOutboundLog {
  constructor(private readonly tx: TransactionRunner) {}

  private repo(): Repository<WechatOutboundMessageRow> {
    return this.tx.dataSource.getRepository(WechatOutboundMessageRow);
  }

  /** One row per clientMsgId: the first attempt inserts it, later attempts update status, msgid and error. */
  async attempt(a: OutboundAttempt): Promise<WechatOutboundMessageRow> {
    const repo = this.repo();
    const existing = await repo.findOne({ where: { merchantId: a.merchantId, clientMsgId: a.clientMsgId } });
    const now = new Date();
    if (existing) {
      Object.assign(existing, {
        status: a.status,
        msgid: a.msgid ?? existing.msgid,
        error: a.error?.slice(0, 500) ?? null,
        payload: a.payload,
        attempts: existing.attempts + 1,
        updatedAt: now,
      });
      return repo.save(existing);
    }
    const row = repo.create({
      id: newId(),
      merchantId: a.merchantId,
      channelAccountId: a.channelAccountId,
      customerId: a.customerId,
      openid: a.openid,
      kind: a.kind,
      clientMsgId: a.clientMsgId,
      source: a.source,
      orderId: a.orderId ?? null,
      staffId: a.staffId ?? null,
      payload: a.payload,
      status: a.status,
      msgid: a.msgid,
      error: a.error?.slice(0, 500) ?? null,
      attempts: 1,
      finishedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await repo.save(row);
    return row;
  }

  /** TEMPLATESENDJOBFINISH: `success` → delivered, anything else (`failed:user block` …) → failed. */
  async finished(
    merchantId: Id,
    channelAccountId: Id,
    msgid: string,
    status: string,
    at: Date,
  ): Promise<boolean> {
    const row = await this.repo().findOne({ where: { merchantId, channelAccountId, msgid } });
    if (!row) return false;
    row.status = status === 'success' ? 'delivered' : 'failed';
    row.error = status === 'success' ? null : status.slice(0, 500);
    row.finishedAt = at;
    row.updatedAt = new Date();
    await this.repo().save(row);
    return true;
  }

  async forCustomer(merchantId: Id, customerId: Id, limit = 50): Promise<WechatOutboundMessageRow[]> {
    return this.repo().find({ where: { merchantId, customerId }, order: { id: 'DESC' }, take: limit });
  }
}
