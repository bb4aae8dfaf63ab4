import { Injectable } from '@nestjs/common';
import { RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { WechatCustomerEventRow, WechatFollowerRow, WechatInboundMessageRow } from './inbound.entities';

/** Events kept on the customer's timeline. */
export const TIMELINE_EVENTS = ['subscribe', 'unsubscribe', 'SCAN', 'CLICK', 'VIEW'];

/**
 * Follow state per (account, openid). Pushes are processed by a queue, possibly out of order: a follow event
 * older than the one already applied (`stateAt`) is recorded on the timeline but does not change the state.
 */
@Injectable()
export class WechatFollowers {
  private readonly followers: TenantRepository<WechatFollowerRow>;
  private readonly events: TenantRepository<WechatCustomerEventRow>;

  constructor(tx: TransactionRunner) {
    this.followers = new TenantRepository(tx, WechatFollowerRow, 'follower');
    this.events = new TenantRepository(tx, WechatCustomerEventRow, 'customer event');
  }

  /** Applies one event push (inside the processing transaction). */
  async apply(ctx: RequestContext, message: WechatInboundMessageRow, scene: string | null): Promise<void> {
    const event = message.event ?? '';
    if (!TIMELINE_EVENTS.includes(event)) return;
    await this.events.insert(ctx, {
      channelAccountId: message.channelAccountId,
      inboundMessageId: message.id,
      customerId: message.customerId,
      openid: message.openid,
      event,
      eventKey: message.eventKey,
      scene,
      occurredAt: message.sentAt,
    });
    if (event === 'subscribe') await this.follow(ctx, message, scene, true);
    else if (event === 'unsubscribe') await this.follow(ctx, message, null, false);
    // Only followers can scan (WeChat sends subscribe otherwise): a SCAN from someone unknown means they
    // followed before the account was connected.
    else if (event === 'SCAN') await this.follow(ctx, message, null, true, false);
  }

  private async follow(
    ctx: RequestContext,
    message: WechatInboundMessageRow,
    scene: string | null,
    subscribed: boolean,
    changesState = true,
  ): Promise<void> {
    const at = message.sentAt;
    const existing = await this.followers.findOne(ctx, {
      channelAccountId: message.channelAccountId,
      openid: message.openid,
    });
    if (!existing) {
      await this.followers.insert(ctx, {
        channelAccountId: message.channelAccountId,
        openid: message.openid,
        unionid: null,
        customerId: message.customerId,
        subscribed,
        scene,
        subscribedAt: subscribed ? at : null,
        unsubscribedAt: subscribed ? null : at,
        stateAt: at,
      });
      return;
    }
    if (!existing.customerId) existing.customerId = message.customerId;
    const newer = !existing.stateAt || existing.stateAt.getTime() <= at.getTime();
    if (changesState && newer) {
      existing.subscribed = subscribed;
      existing.stateAt = at;
      if (subscribed) {
        existing.subscribedAt = at;
        // The latest QR code that brought them back is the campaign to credit; a plain re-follow keeps the old one.
        if (scene) existing.scene = scene;
      } else existing.unsubscribedAt = at;
    }
    await this.followers.save(ctx, existing);
  }
}
