import { Injectable, Logger } from '@nestjs/common';
import {
  EventHandler,
  PublishedEvent,
  RequestContext,
  fenToYuan,
  formatChinaLocalTime,
} from '@tongdao/kernel';
import { LOGISTICS_EVENTS, ShipmentTrackingUpdatedPayload, TrackingState } from '@tongdao/logistics';
import { ORDER_EVENTS, OrderDesk, OrderShippedPayload, OrderView } from '@tongdao/orders';
import { WechatNotificationTemplates } from './notification-templates.service';
import { TemplateEvent } from './outbound.entities';
import { WechatOutboundLog } from './outbound-log';
import { renderFields } from './template-syntax';
import { WechatApiClient } from './wechat-api-client';
import { WechatApiError } from './wechat-api-error';
import { WechatRecipients } from './wechat-recipients';

/** Refusals that no retry can change: unknown user, unsubscribed, template not the account's, user blocks. */
const FINAL_REFUSALS: ReadonlySet<number> = new Set([40003, 40037, 43004, 43101]);
const RETRY = { attempts: 6, backoffMs: 500 };

/** Parcel states the buyer hears about, with the template event each one uses and its words. */
const PARCEL_NOTICES: Partial<Record<TrackingState, { kind: TemplateEvent; words: string }>> = {
  out_for_delivery: { kind: 'shipment.out_for_delivery', words: '派送中' },
  delivered: { kind: 'shipment.delivered', words: '已签收' },
  exception: { kind: 'shipment.exception', words: '运输异常' },
};

/** What a notice needs to find its template and its recipient. */
interface NoticeSubject {
  orderId: string;
  shopId: string;
  channelAccountId: string;
  customerId: string | null;
}

/**
 * Order paid / shipped, and a parcel out for delivery / delivered / in trouble → a template message to the buyer's openid, when the buyer is a WeChat customer of
 * the shop's connected account and the shop set a template for the event. Transient failures (platform busy,
 * HTTP errors) retry with backoff and then dead-letter; `client_msg_id` = the event id, so a retry after a
 * lost answer does not message the buyer twice.
 */
@Injectable()
export class WechatTemplateNotifier {
  private readonly logger = new Logger(WechatTemplateNotifier.name);

  constructor(
    private readonly templates: WechatNotificationTemplates,
    private readonly recipients: WechatRecipients,
    private readonly desk: OrderDesk,
    private readonly api: WechatApiClient,
    private readonly log: WechatOutboundLog,
  ) {}

  @EventHandler(ORDER_EVENTS.paid, 'wechat.template.order-paid', RETRY)
  onPaid(event: PublishedEvent<OrderShippedPayload>): Promise<void> {
    return this.notify(event, 'order.paid', (ctx) => this.values(ctx, event.payload));
  }

  @EventHandler(ORDER_EVENTS.shipped, 'wechat.template.order-shipped', RETRY)
  onShipped(event: PublishedEvent<OrderShippedPayload>): Promise<void> {
    return this.notify(event, 'order.shipped', (ctx) => this.values(ctx, event.payload));
  }

  /**
   * Only buyers of the WeChat shop hear about their parcel from us: Taobao tells its own buyers, and a
   * Weibo buyer has no channel of theirs we can write to.
   */
  @EventHandler(LOGISTICS_EVENTS.trackingUpdated, 'wechat.template.shipment-tracking', RETRY)
  onTrackingUpdated(event: PublishedEvent<ShipmentTrackingUpdatedPayload>): Promise<void> {
    const { payload } = event;
    const notice = PARCEL_NOTICES[payload.state];
    if (!notice || payload.state === payload.previousState || payload.channelType !== 'wechat')
      return Promise.resolve();
    return this.notify(event, notice.kind, async (ctx) => ({
      ...orderValues(await this.desk.get(ctx, payload.orderId), payload.at),
      trackingNo: payload.trackingNo,
      carrierCode: payload.carrierCode,
      carrierName: payload.carrierName,
      trackingState: notice.words,
      trackingContext: payload.latest?.context ?? '',
      trackingTime: payload.latest ? formatChinaLocalTime(new Date(payload.latest.time)) : '',
    }));
  }

  private async notify(
    event: PublishedEvent<NoticeSubject>,
    kind: TemplateEvent,
    values: (ctx: RequestContext) => Promise<Record<string, string>>,
  ): Promise<void> {
    const { payload } = event;
    if (!event.merchantId || !payload.customerId) return;
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    const template = await this.templates.forEvent(ctx, payload.shopId, kind);
    if (!template) return;
    const recipient = await this.recipients.find(ctx, payload.customerId, {
      shopId: payload.shopId,
      preferAccountId: payload.channelAccountId,
    });
    if (!recipient) return;
    const body = {
      touser: recipient.openid,
      template_id: template.templateId,
      ...(template.url ? { url: template.url } : {}),
      client_msg_id: `evt_${event.id}`,
      data: renderFields(template.fields, await values(ctx)),
    };
    const base = {
      merchantId: event.merchantId,
      channelAccountId: recipient.account.channelAccountId,
      customerId: payload.customerId,
      openid: recipient.openid,
      kind: 'template' as const,
      clientMsgId: body.client_msg_id,
      source: kind,
      orderId: payload.orderId,
      payload: body,
    };
    try {
      const answer = await this.api.post(recipient.account, '/cgi-bin/message/template/send', body);
      const msgid = typeof answer.msgid === 'string' ? answer.msgid : null;
      await this.log.attempt({ ...base, status: 'sent', msgid, error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.log.attempt({ ...base, status: 'failed', msgid: null, error: message });
      if (error instanceof WechatApiError && error.errcode !== null && FINAL_REFUSALS.has(error.errcode)) {
        this.logger.warn({ orderId: payload.orderId, err: message }, 'template message refused');
        return;
      }
      throw error;
    }
  }

  private async values(ctx: RequestContext, payload: OrderShippedPayload): Promise<Record<string, string>> {
    const order = await this.desk.get(ctx, payload.orderId);
    const lines = order.lines ?? [];
    const units = lines.reduce((sum, l) => sum + l.quantity, 0);
    const first = lines[0]?.title ?? '';
    return {
      orderId: payload.orderId,
      externalOrderId: payload.externalOrderId,
      paidYuan: fenToYuan(payload.paidFen),
      status: payload.status,
      time: formatChinaLocalTime(new Date(payload.at)),
      itemTitle: lines.length > 1 ? `${first} 等${units}件` : first,
      trackingNo: payload.shipment?.trackingNo ?? '',
      carrierCode: payload.shipment?.carrierCode ?? '',
    };
  }
}

/** The order's own variables, read from the order as it is now. */
function orderValues(order: OrderView, at: string): Record<string, string> {
  const lines = order.lines ?? [];
  const units = lines.reduce((sum, l) => sum + l.quantity, 0);
  const first = lines[0]?.title ?? '';
  return {
    orderId: order.id,
    externalOrderId: order.externalOrderId,
    paidYuan: fenToYuan(order.paidFen),
    status: order.status,
    time: formatChinaLocalTime(new Date(at)),
    itemTitle: lines.length > 1 ? `${first} 等${units}件` : first,
  };
}
