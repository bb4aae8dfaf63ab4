import { Controller, Get, NotFoundException, Param, Query, UsePipes } from '@nestjs/common';
import { controlPipe, newest } from '../../shared/control';
import { CallRecord, Delivery, PassiveReply } from '../state/model';
import { WechatStore } from '../state/store';
import { CallsQuery, DeliveriesQuery, SentQuery } from './dto';
import { DeliveryView, deliveryView, sentView } from './views';

/** `/_sandbox/wechat`: what the platform sent (pushes and their replies) and received (API calls, messages). */
@Controller('_sandbox/wechat')
@UsePipes(controlPipe)
export class RecordsController {
  constructor(private readonly store: WechatStore) {}

  @Get('deliveries')
  deliveries(@Query() query: DeliveriesQuery): { total: number; deliveries: DeliveryView[] } {
    const found = this.store.deliveries.filter(
      (d) =>
        (!query.appId || d.appId === query.appId) &&
        (!query.openid || d.openid === query.openid) &&
        (!query.event || d.event === query.event) &&
        (!query.state || d.state === query.state),
    );
    return { total: found.length, deliveries: newest(found, query.limit).map(deliveryView) };
  }

  @Get('deliveries/:id')
  delivery(@Param('id') id: string): DeliveryView {
    return deliveryView(this.find(id));
  }

  /** The passive reply as the platform read it: decrypted and signature-checked in safe mode. */
  @Get('deliveries/:id/reply')
  reply(@Param('id') id: string): PassiveReply & { state: Delivery['state'] } {
    const delivery = this.find(id);
    if (!delivery.reply) throw new NotFoundException(`delivery ${id} has no reply yet (${delivery.state})`);
    return { state: delivery.state, ...delivery.reply };
  }

  /** Template and customer-service messages the merchant sent through the API, with their data. */
  @Get('accounts/:appId/sent')
  sent(
    @Param('appId') appId: string,
    @Query() query: SentQuery,
  ): { messages: Array<Record<string, unknown>> } {
    if (!this.store.accounts.has(appId)) throw new NotFoundException(`no account ${appId}`);
    const messages = this.store.sent.filter(
      (m) =>
        m.appId === appId &&
        (!query.kind || m.kind === query.kind) &&
        (!query.openid || m.touser === query.openid),
    );
    return { messages: messages.map(sentView) };
  }

  @Get('accounts/:appId/qrcodes')
  qrcodes(@Param('appId') appId: string): { qrcodes: Array<Record<string, unknown>> } {
    if (!this.store.accounts.has(appId)) throw new NotFoundException(`no account ${appId}`);
    const codes = [...this.store.qrCodes.values()].filter((c) => c.appId === appId);
    return { qrcodes: codes.map((c) => ({ ...c, createdAt: new Date(c.createdAt).toISOString() })) };
  }

  @Get('calls')
  calls(@Query() query: CallsQuery): { total: number; calls: CallRecord[] } {
    const found = this.store.calls.filter(
      (c) =>
        (!query.appId || c.appId === query.appId) &&
        (!query.path || c.path === query.path) &&
        (!query.outcome || c.outcome.startsWith(query.outcome)),
    );
    return { total: found.length, calls: newest(found, query.limit) };
  }

  private find(id: string): Delivery {
    const delivery = this.store.deliveries.find((d) => d.id === id);
    if (!delivery) throw new NotFoundException(`no delivery ${id}`);
    return delivery;
  }
}
