import { Injectable } from '@nestjs/common';
import { Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { ChannelAccountView, ChannelAccountsService } from '../channel-accounts.service';
import { ChannelSecrets } from '../secrets/secrets.provider';
import { TOP_DEFAULT_GATEWAY, TopCredentials } from './top-client';

export const TMC_DEFAULT_URL = 'ws://mc.api.taobao.com/';

export interface ConnectTaobaoInput {
  shopId: Id;
  name?: string;
  appKey: string;
  appSecret: string;
  sessionKey: string;
  /** Default: Taobao's real gateway. The sandbox's `/router/rest` for trying things out. */
  gatewayUrl?: string;
  tmcUrl?: string;
}

interface SealedTaobao {
  appSecret: string;
  sessionKey: string;
}

/** Taobao stores: the connection (app key in the clear, app secret and session key sealed) and its credentials. */
@Injectable()
export class TaobaoAccounts {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly secrets: ChannelSecrets,
  ) {}

  async connect(ctx: RequestContext, input: ConnectTaobaoInput): Promise<ChannelAccountView> {
    this.assertUrls(input);
    const sealed: SealedTaobao = { appSecret: input.appSecret, sessionKey: input.sessionKey };
    return this.accounts.create(ctx, {
      type: 'taobao',
      shopId: input.shopId,
      name: input.name ?? 'Taobao store',
      settings: {
        appKey: input.appKey,
        gatewayUrl: input.gatewayUrl ?? TOP_DEFAULT_GATEWAY,
        tmcUrl: input.tmcUrl ?? TMC_DEFAULT_URL,
      },
      sealedSecrets: this.secrets.seal(JSON.stringify(sealed)),
    });
  }

  /** After the seller authorised again (or rotated the app secret): new credentials, account active again. */
  async reconnect(
    ctx: RequestContext,
    accountId: Id,
    input: Omit<ConnectTaobaoInput, 'shopId' | 'name'>,
  ): Promise<ChannelAccountView> {
    this.assertUrls(input);
    const current = await this.accounts.row(ctx, accountId);
    if (current.type !== 'taobao') {
      throw new ValidationFailedError('not_a_taobao_account', 'This channel account is not a Taobao store', [
        { field: 'channelAccountId', problem: 'a Taobao account' },
      ]);
    }
    const sealed: SealedTaobao = { appSecret: input.appSecret, sessionKey: input.sessionKey };
    return this.accounts.reconnect(
      ctx,
      accountId,
      {
        appKey: input.appKey,
        ...(input.gatewayUrl ? { gatewayUrl: input.gatewayUrl } : {}),
        ...(input.tmcUrl ? { tmcUrl: input.tmcUrl } : {}),
      },
      this.secrets.seal(JSON.stringify(sealed)),
    );
  }

  async credentials(
    ctx: RequestContext,
    accountId: Id,
  ): Promise<TopCredentials & { status: string; tmcUrl: string }> {
    const row = await this.accounts.row(ctx, accountId);
    if (row.type !== 'taobao' || !row.secrets) {
      throw new ValidationFailedError(
        'not_a_taobao_account',
        'This channel account is not a connected Taobao store',
        [{ field: 'channelAccountId', problem: 'a Taobao account connected with credentials' }],
      );
    }
    const sealed = JSON.parse(this.secrets.open(row.secrets)) as SealedTaobao;
    return {
      appKey: stringSetting(row.settings.appKey) ?? '',
      appSecret: sealed.appSecret,
      sessionKey: sealed.sessionKey,
      gatewayUrl: stringSetting(row.settings.gatewayUrl) ?? TOP_DEFAULT_GATEWAY,
      tmcUrl: stringSetting(row.settings.tmcUrl) ?? TMC_DEFAULT_URL,
      status: row.status,
    };
  }

  private assertUrls(input: { gatewayUrl?: string; tmcUrl?: string }): void {
    for (const field of ['gatewayUrl', 'tmcUrl'] as const) {
      const url = input[field];
      if (url !== undefined && !/^(https?|wss?):\/\/\S+$/.test(url)) {
        throw new ValidationFailedError('validation_failed', `${field} is not a URL`, [
          { field, problem: 'an http(s) or ws(s) URL' },
        ]);
      }
    }
  }
}

function stringSetting(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
