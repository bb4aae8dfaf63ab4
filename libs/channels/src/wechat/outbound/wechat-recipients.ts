import { Injectable } from '@nestjs/common';
import { CustomersService } from '@tongdao/crm';
import { Id, RequestContext } from '@tongdao/kernel';
import { ChannelAccountsService } from '../../channel-accounts.service';
import { WechatAccounts, WechatCredentials } from '../wechat-accounts.service';

export interface WechatRecipient {
  account: WechatCredentials;
  openid: string;
}

export interface RecipientFilter {
  shopId?: Id;
  channelAccountId?: Id;
  /** Tried first when the customer follows several accounts (the account the order came through). */
  preferAccountId?: Id;
}

/**
 * Where a customer can be reached in WeChat: an openid is only meaningful to the official account that
 * issued it, so a recipient is an (account, openid) pair taken from the customer's `wechat_openid`
 * identities whose account is a connected, active WeChat account.
 */
@Injectable()
export class WechatRecipients {
  constructor(
    private readonly customers: CustomersService,
    private readonly accounts: ChannelAccountsService,
    private readonly wechat: WechatAccounts,
  ) {}

  async find(
    ctx: RequestContext,
    customerId: Id,
    filter: RecipientFilter = {},
  ): Promise<WechatRecipient | null> {
    const identities = (await this.customers.identitiesOf(ctx, customerId))
      .filter((i) => i.kind === 'wechat_openid' && i.channelAccountId)
      .filter((i) => !filter.channelAccountId || i.channelAccountId === filter.channelAccountId)
      .reverse()
      .sort(
        (a, b) =>
          Number(b.channelAccountId === filter.preferAccountId) -
          Number(a.channelAccountId === filter.preferAccountId),
      );
    for (const identity of identities) {
      const accountId = identity.channelAccountId as Id;
      const row = await this.accounts.row(ctx, accountId).catch(() => null);
      if (!row || row.type !== 'wechat' || row.status !== 'active' || !row.secrets) continue;
      if (filter.shopId && row.shopId !== filter.shopId) continue;
      return { account: await this.wechat.credentials(ctx, accountId), openid: identity.value };
    }
    return null;
  }
}
