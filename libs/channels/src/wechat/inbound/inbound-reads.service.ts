import { Injectable } from '@nestjs/common';
import { CustomersService } from '@tongdao/crm';
import {
  Id,
  Page,
  PageQuery,
  RequestContext,
  ValidationFailedError,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ChannelAccountsService } from '../../channel-accounts.service';
import { WechatCustomerEventRow, WechatFollowerRow, WechatInboundMessageRow } from './inbound.entities';

export interface SceneView {
  scene: string;
  /** Following now and attributed to the scene. */
  followers: number;
  /** Distinct users who ever followed through the scene. */
  subscribedTotal: number;
}

export interface InboundMessageView {
  id: Id;
  channelAccountId: Id;
  openid: string;
  msgType: string;
  event: string | null;
  eventKey: string | null;
  content: string | null;
  replyText: string | null;
  sentAt: string;
  receivedAt: string;
}

/** Admin reads over the inbound side: campaign (scene) figures and a customer's WeChat messages. */
@Injectable()
export class WechatInboundReads {
  private readonly followers: TenantRepository<WechatFollowerRow>;
  private readonly events: TenantRepository<WechatCustomerEventRow>;
  private readonly messages: TenantRepository<WechatInboundMessageRow>;

  constructor(
    tx: TransactionRunner,
    private readonly accounts: ChannelAccountsService,
    private readonly customers: CustomersService,
  ) {
    this.followers = new TenantRepository(tx, WechatFollowerRow, 'follower');
    this.events = new TenantRepository(tx, WechatCustomerEventRow, 'customer event');
    this.messages = new TenantRepository(tx, WechatInboundMessageRow, 'message');
  }

  async scenes(ctx: RequestContext, accountId: Id): Promise<SceneView[]> {
    const account = await this.accounts.row(ctx, accountId);
    if (account.type !== 'wechat')
      throw new ValidationFailedError('not_a_wechat_account', 'This channel account is not a WeChat account');
    const following = await this.followers
      .query(ctx, 'f')
      .select('f.scene', 'scene')
      .addSelect('COUNT(*)', 'n')
      // A literal: SQLite cannot bind a boolean parameter, and 1 is true on both databases.
      .andWhere('f.channelAccountId = :accountId AND f.subscribed = 1 AND f.scene IS NOT NULL', { accountId })
      .groupBy('f.scene')
      .getRawMany<{ scene: string; n: string | number }>();
    const ever = await this.events
      .query(ctx, 'e')
      .select('e.scene', 'scene')
      .addSelect('COUNT(DISTINCT e.openid)', 'n')
      .andWhere('e.channelAccountId = :accountId AND e.event = :event AND e.scene IS NOT NULL', {
        accountId,
        event: 'subscribe',
      })
      .groupBy('e.scene')
      .getRawMany<{ scene: string; n: string | number }>();
    const byScene = new Map<string, SceneView>();
    const entry = (scene: string): SceneView => {
      const found = byScene.get(scene) ?? { scene, followers: 0, subscribedTotal: 0 };
      byScene.set(scene, found);
      return found;
    };
    for (const row of following) entry(row.scene).followers = Number(row.n);
    for (const row of ever) entry(row.scene).subscribedTotal = Number(row.n);
    return [...byScene.values()].sort((a, b) => b.followers - a.followers || a.scene.localeCompare(b.scene));
  }

  /** The customer's inbound WeChat messages and events, newest first. */
  async messagesOf(ctx: RequestContext, customerId: Id, query: PageQuery): Promise<Page<InboundMessageView>> {
    await this.customers.get(ctx, customerId);
    const rows = await this.messages.pageRows(ctx, query, { customerId });
    return toPage(rows, pageSize(query), messageView);
  }
}

function messageView(row: WechatInboundMessageRow): InboundMessageView {
  return {
    id: row.id,
    channelAccountId: row.channelAccountId,
    openid: row.openid,
    msgType: row.msgType,
    event: row.event,
    eventKey: row.eventKey,
    content: row.content,
    replyText: row.replyText,
    sentAt: row.sentAt.toISOString(),
    receivedAt: row.createdAt.toISOString(),
  };
}
