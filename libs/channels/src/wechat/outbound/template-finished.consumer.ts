import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, PublishedEvent } from '@tongdao/kernel';
import { WechatOutboundLog } from './outbound-log';

/** Contract with the inbound side: recorded on every TEMPLATESENDJOBFINISH push. */
export const WECHAT_TEMPLATE_FINISHED = 'wechat.template_finished';

export interface WechatTemplateFinishedPayload {
  channelAccountId: string;
  msgId: string;
  /** `success`, `failed:user block`, `failed: system failed` (verbatim from WeChat). */
  status: string;
  openid: string;
  at: string;
}

/** Marks the template message delivered or failed. A msgid we never sent (another system's) is ignored. */
@Injectable()
export class WechatTemplateFinishedConsumer {
  private readonly logger = new Logger(WechatTemplateFinishedConsumer.name);

  constructor(private readonly log: WechatOutboundLog) {}

  @EventHandler(WECHAT_TEMPLATE_FINISHED, 'wechat.outbound.template-finished', {
    attempts: 5,
    backoffMs: 500,
  })
  async onFinished(event: PublishedEvent<WechatTemplateFinishedPayload>): Promise<void> {
    const { payload } = event;
    if (!event.merchantId || typeof payload.msgId !== 'string') return;
    const at = new Date(payload.at);
    const found = await this.log.finished(
      event.merchantId,
      payload.channelAccountId,
      payload.msgId,
      String(payload.status),
      Number.isNaN(at.getTime()) ? new Date() : at,
    );
    if (!found) this.logger.debug({ msgId: payload.msgId }, 'delivery result for a message we did not send');
  }
}
