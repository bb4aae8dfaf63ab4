import { Injectable } from '@nestjs/common';
import { Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { ChannelAccountView, ChannelAccountsService } from '../channel-accounts.service';
import { ChannelSecrets } from '../secrets/secrets.provider';

export const WECHAT_DEFAULT_API_BASE = 'https://api.weixin.qq.com';

export interface ConnectWechatInput {
  shopId: Id;
  name?: string;
  appId: string;
  appSecret: string;
  /** The callback token the merchant typed in the official account's server settings. */
  token: string;
  /** 43 characters; present when the account's messages are encrypted (safe or compatible mode). */
  encodingAESKey?: string | null;
  /** Default: WeChat's API host. The sandbox's base URL for trying things out. */
  apiBaseUrl?: string;
}

/** Everything a WeChat driver needs about an account; the three secrets come from the sealed column. */
export interface WechatCredentials {
  channelAccountId: Id;
  merchantId: Id;
  shopId: Id;
  status: string;
  appId: string;
  appSecret: string;
  token: string;
  encodingAESKey: string | null;
  apiBaseUrl: string;
}

interface SealedWechat {
  appSecret: string;
  token: string;
  encodingAESKey: string | null;
}

/**
 * WeChat official accounts: app id and API base in the clear (returned by the API), app secret, callback
 * token and EncodingAESKey sealed (never returned).
 */
@Injectable()
export class WechatAccounts {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly secrets: ChannelSecrets,
  ) {}

  async connect(ctx: RequestContext, input: ConnectWechatInput): Promise<ChannelAccountView> {
    assertWechatInput(input);
    const sealed: SealedWechat = {
      appSecret: input.appSecret,
      token: input.token,
      encodingAESKey: input.encodingAESKey ?? null,
    };
    return this.accounts.create(ctx, {
      type: 'wechat',
      shopId: input.shopId,
      name: input.name ?? 'WeChat official account',
      settings: {
        appId: input.appId,
        apiBaseUrl: input.apiBaseUrl ?? WECHAT_DEFAULT_API_BASE,
        encrypted: Boolean(input.encodingAESKey),
      },
      sealedSecrets: this.secrets.seal(JSON.stringify(sealed)),
    });
  }

  /** New credentials for a connected account (a rotated secret, a new EncodingAESKey); it becomes active again. */
  async reconnect(
    ctx: RequestContext,
    accountId: Id,
    input: Omit<ConnectWechatInput, 'shopId' | 'name'>,
  ): Promise<ChannelAccountView> {
    assertWechatInput(input);
    const current = await this.accounts.row(ctx, accountId);
    if (current.type !== 'wechat') {
      throw new ValidationFailedError(
        'not_a_wechat_account',
        'This channel account is not a WeChat account',
        [{ field: 'channelAccountId', problem: 'a WeChat account' }],
      );
    }
    const sealed: SealedWechat = {
      appSecret: input.appSecret,
      token: input.token,
      encodingAESKey: input.encodingAESKey ?? null,
    };
    return this.accounts.reconnect(
      ctx,
      accountId,
      {
        appId: input.appId,
        apiBaseUrl: input.apiBaseUrl ?? WECHAT_DEFAULT_API_BASE,
        encrypted: Boolean(input.encodingAESKey),
      },
      this.secrets.seal(JSON.stringify(sealed)),
    );
  }

  async credentials(ctx: RequestContext, accountId: Id): Promise<WechatCredentials> {
    const row = await this.accounts.row(ctx, accountId);
    if (row.type !== 'wechat' || !row.secrets) {
      throw new ValidationFailedError(
        'not_a_wechat_account',
        'This channel account is not a connected WeChat account',
        [{ field: 'channelAccountId', problem: 'a WeChat account connected with credentials' }],
      );
    }
    const sealed = JSON.parse(this.secrets.open(row.secrets)) as SealedWechat;
    return {
      channelAccountId: row.id,
      merchantId: row.merchantId,
      shopId: row.shopId,
      status: row.status,
      appId: typeof row.settings.appId === 'string' ? row.settings.appId : '',
      apiBaseUrl:
        typeof row.settings.apiBaseUrl === 'string' ? row.settings.apiBaseUrl : WECHAT_DEFAULT_API_BASE,
      appSecret: sealed.appSecret,
      token: sealed.token,
      encodingAESKey: sealed.encodingAESKey,
    };
  }
}

function assertWechatInput(input: Omit<ConnectWechatInput, 'shopId' | 'name'>): void {
  const problems: Array<{ field: string; problem: string }> = [];
  if (input.encodingAESKey && !/^[A-Za-z0-9]{43}$/.test(input.encodingAESKey))
    problems.push({ field: 'encodingAESKey', problem: '43 letters or digits' });
  if (!/^[A-Za-z0-9]{3,32}$/.test(input.token))
    problems.push({ field: 'token', problem: '3 to 32 letters or digits' });
  if (input.apiBaseUrl !== undefined && !/^https?:\/\/\S+$/.test(input.apiBaseUrl))
    problems.push({ field: 'apiBaseUrl', problem: 'an http(s) URL' });
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'Some fields are invalid', problems);
}
