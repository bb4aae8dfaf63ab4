import { Injectable } from '@nestjs/common';
import { CustomersService } from '@tongdao/crm';
import { EventOutbox, JobData, JobHandler, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { WechatFollowers } from './followers';
import { readPush } from './inbound-push';
import { WechatInboundMessageRow } from './inbound.entities';
import { WECHAT_INBOUND_JOB } from './wechat-callback.service';

interface InboundJobData extends JobData {
  merchantId: string;
  messageId: string;
}

/** Contract with the outbound side: the platform's verdict on one template message. */
export const WECHAT_TEMPLATE_FINISHED = 'wechat.template_finished';

export interface TemplateFinishedPayload {
  channelAccountId: string;
  msgId: string;
  status: string;
  openid: string;
  at: string;
}

/**
 * Processes one stored push, exactly once: the row is claimed (status received → processed) in the same
 * transaction as the work, so a duplicate job or a retry after a crash finds nothing left to do.
 */
@Injectable()
export class WechatInboundProcessor {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly customers: CustomersService,
    private readonly followers: WechatFollowers,
    private readonly outbox: EventOutbox,
  ) {}

  @JobHandler(WECHAT_INBOUND_JOB, { attempts: 5, backoffMs: 1000, concurrency: 4 })
  async run(data: InboundJobData): Promise<void> {
    const ctx = RequestContext.system(data.merchantId, `wechat-inbound:${data.messageId}`);
    await this.tx.run(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(WechatInboundMessageRow)
        .set({ status: 'processed', updatedAt: new Date() })
        .where('id = :id AND merchant_id = :merchantId AND status = :status', {
          id: data.messageId,
          merchantId: data.merchantId,
          status: 'received',
        })
        .execute();
      if (!claimed.affected) return;
      const message = await manager.findOneOrFail(WechatInboundMessageRow, {
        where: { id: data.messageId, merchantId: data.merchantId },
      });
      await this.process(ctx, message);
    });
  }

  private async process(ctx: RequestContext, message: WechatInboundMessageRow): Promise<void> {
    const push = readPush(message.fields);
    if (message.event === 'TEMPLATESENDJOBFINISH') {
      const payload: TemplateFinishedPayload = {
        channelAccountId: message.channelAccountId,
        msgId: message.fields.MsgID ?? '',
        status: message.fields.Status ?? '',
        openid: message.openid,
        at: message.sentAt.toISOString(),
      };
      await this.outbox.record(ctx, {
        type: WECHAT_TEMPLATE_FINISHED,
        aggregateType: 'channel_account',
        aggregateId: message.channelAccountId,
        payload,
      });
      return;
    }
    message.customerId = await this.customers.resolveOrCreate(ctx, [
      { kind: 'wechat_openid', value: message.openid, channelAccountId: message.channelAccountId },
    ]);
    await this.tx
      .manager()
      .update(WechatInboundMessageRow, { id: message.id }, { customerId: message.customerId });
    if (message.msgType === 'event') await this.followers.apply(ctx, message, push.scene);
  }
}
