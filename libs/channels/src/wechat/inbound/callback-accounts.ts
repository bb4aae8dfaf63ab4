import { Injectable } from '@nestjs/common';
import { Id, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ChannelAccount } from '../../channel-account.entity';
import { WechatAccounts, WechatCredentials } from '../wechat-accounts.service';
import { WechatMessageCipher } from '../wechat-crypto';

export interface CallbackAccount {
  credentials: WechatCredentials;
  /** Null when the account has no EncodingAESKey (plain mode only). */
  cipher: WechatMessageCipher | null;
}

const TTL_MS = 60_000;
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The account a callback URL names, found across merchants (the push carries no tenant) and kept in memory
 * for a minute so a burst of pushes costs no database read and no unsealing each.
 */
@Injectable()
export class WechatCallbackAccounts {
  private readonly cache = new Map<Id, { account: CallbackAccount; until: number }>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly wechat: WechatAccounts,
  ) {}

  async load(accountId: string): Promise<CallbackAccount> {
    const hit = this.cache.get(accountId);
    if (hit && hit.until > Date.now()) return hit.account;
    if (!ID.test(accountId)) throw new NotFoundError('WeChat account', accountId);
    const row = await this.tx.dataSource.manager.findOne(ChannelAccount, {
      where: { id: accountId, type: 'wechat' },
      select: { id: true, merchantId: true },
    });
    if (!row) throw new NotFoundError('WeChat account', accountId);
    const credentials = await this.wechat.credentials(
      RequestContext.system(row.merchantId, `wechat-callback:${accountId}`),
      accountId,
    );
    const account: CallbackAccount = {
      credentials,
      cipher: credentials.encodingAESKey
        ? new WechatMessageCipher(credentials.encodingAESKey, credentials.appId)
        : null,
    };
    this.cache.set(accountId, { account, until: Date.now() + TTL_MS });
    return account;
  }
}
