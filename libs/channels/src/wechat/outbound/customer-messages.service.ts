import { Injectable } from '@nestjs/common';
import { CustomersService } from '@tongdao/crm';
import { AuditLog } from '@tongdao/identity';
import { ConflictError, Id, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { OutboundStatus, WechatOutboundMessageRow } from './outbound.entities';
import { WechatOutboundLog } from './outbound-log';
import { toDomainError } from './platform-errors';
import { WechatApiClient } from './wechat-api-client';
import { WechatRecipients } from './wechat-recipients';

export interface OutboundMessageView {
  id: Id;
  channelAccountId: Id;
  customerId: Id | null;
  openid: string;
  kind: string;
  source: string;
  status: OutboundStatus;
  msgid: string | null;
  orderId: Id | null;
  staffId: Id | null;
  payload: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Customer-service replies from staff. WeChat decides whether the 48-hour window is open (45015 otherwise),
 * so nothing here guesses it from our own records; every attempt is logged and audited.
 */
@Injectable()
export class WechatCustomerMessages {
  constructor(
    private readonly customers: CustomersService,
    private readonly recipients: WechatRecipients,
    private readonly api: WechatApiClient,
    private readonly log: WechatOutboundLog,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  async send(
    ctx: RequestContext,
    customerId: Id,
    input: { text: string; channelAccountId?: Id },
  ): Promise<OutboundMessageView> {
    await this.customers.get(ctx, customerId);
    const recipient = await this.recipients.find(ctx, customerId, {
      channelAccountId: input.channelAccountId,
    });
    if (!recipient)
      throw new ConflictError('no_wechat_recipient', 'The customer follows no connected WeChat account', [
        {
          field: input.channelAccountId ? 'channelAccountId' : 'id',
          problem: 'a customer with a WeChat openid',
        },
      ]);
    const body = { touser: recipient.openid, msgtype: 'text', text: { content: input.text } };
    let failure: unknown = null;
    try {
      await this.api.post(recipient.account, '/cgi-bin/message/custom/send', body);
    } catch (error) {
      failure = error;
    }
    const row = await this.log.attempt({
      merchantId: ctx.tenantId,
      channelAccountId: recipient.account.channelAccountId,
      customerId,
      openid: recipient.openid,
      kind: 'custom',
      clientMsgId: newId(),
      source: 'staff',
      staffId: ctx.staffId,
      payload: body,
      status: failure ? 'failed' : 'sent',
      msgid: null,
      error: failure === null ? null : describe(failure),
    });
    await this.tx.run(() =>
      this.audit.record(ctx, {
        action: 'wechat.custom_message.send',
        targetType: 'customer',
        targetId: customerId,
        summary: {
          channelAccountId: row.channelAccountId,
          messageId: row.id,
          status: row.status,
          characters: input.text.length,
        },
      }),
    );
    if (failure) throw toDomainError(failure);
    return outboundView(row);
  }

  async history(ctx: RequestContext, customerId: Id): Promise<OutboundMessageView[]> {
    await this.customers.get(ctx, customerId);
    return (await this.log.forCustomer(ctx.tenantId, customerId)).map(outboundView);
  }
}

export function outboundView(row: WechatOutboundMessageRow): OutboundMessageView {
  return {
    id: row.id,
    channelAccountId: row.channelAccountId,
    customerId: row.customerId,
    openid: row.openid,
    kind: row.kind,
    source: row.source,
    status: row.status,
    msgid: row.msgid,
    orderId: row.orderId,
    staffId: row.staffId,
    payload: row.payload,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
