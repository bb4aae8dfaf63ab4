import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ChannelAccountView,
  ChannelAccountsService,
  SyncRunView,
  SyncStatusView,
  TaobaoAccounts,
  TaobaoSync,
  TaobaoSyncJobs,
  TaobaoTrades,
  WechatAccounts,
  assertBackfill,
} from '@tongdao/channels';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

import {
  ChannelAccountListQuery,
  CreateChannelAccountDto,
  DEFAULT_NAMES,
  SyncNowDto,
  TaobaoCredentialsDto,
} from './channel-accounts.dto';

/**
 * Reads need catalog.read (the staff who map listings must see the accounts); writes need channel.manage.
 */
@ApiTags('channels')
@Controller('admin/v1/channel-accounts')
export class ChannelAccountsController {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly taobao: TaobaoAccounts,
    private readonly taobaoSync: TaobaoSync,
    private readonly taobaoTrades: TaobaoTrades,
    private readonly syncJobs: TaobaoSyncJobs,
    private readonly wechat: WechatAccounts,
  ) {}

  @Get()
  @RequirePermissions('catalog.read')
  list(
    @Ctx() ctx: RequestContext,
    @Query() query: ChannelAccountListQuery,
  ): Promise<Page<ChannelAccountView>> {
    return this.accounts.list(ctx, query);
  }

  @Get(':id')
  @RequirePermissions('catalog.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ChannelAccountView> {
    return this.accounts.get(ctx, id);
  }

  @Post()
  @RequirePermissions('channel.manage')
  create(@Ctx() ctx: RequestContext, @Body() body: CreateChannelAccountDto): Promise<ChannelAccountView> {
    const name = body.name ?? DEFAULT_NAMES[body.type];
    if (body.type === 'taobao' && body.appKey && body.appSecret && body.sessionKey) {
      return this.taobao.connect(ctx, {
        shopId: body.shopId,
        name,
        appKey: body.appKey,
        appSecret: body.appSecret,
        sessionKey: body.sessionKey,
        gatewayUrl: body.gatewayUrl,
        tmcUrl: body.tmcUrl,
      });
    }
    if (body.type === 'wechat' && body.appId && body.appSecret && body.token) {
      return this.wechat.connect(ctx, {
        shopId: body.shopId,
        name,
        appId: body.appId,
        appSecret: body.appSecret,
        token: body.token,
        encodingAESKey: body.encodingAESKey ?? null,
        apiBaseUrl: body.apiBaseUrl,
      });
    }
    return this.accounts.create(ctx, { type: body.type, shopId: body.shopId, name });
  }

  @Put(':id/credentials')
  @RequirePermissions('channel.manage')
  reconnect(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: TaobaoCredentialsDto,
  ): Promise<ChannelAccountView> {
    return this.taobao.reconnect(ctx, id, body);
  }

  /** One signed call with the stored credentials; `ok: false` carries the platform's code. */
  @Post(':id/test')
  @HttpCode(200)
  @RequirePermissions('channel.manage')
  test(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
  ): Promise<{ ok: boolean; code: string | null; message: string | null }> {
    return this.taobaoTrades.testConnection(ctx, id);
  }

  /** Queues an incremental sync now; follow it with GET …/sync and …/sync-log. */
  @Post(':id/sync')
  @HttpCode(202)
  @RequirePermissions('channel.manage')
  async sync(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: SyncNowDto,
  ): Promise<{ queued: boolean }> {
    if (body.since) assertBackfill(body.since);
    await this.taobao.credentials(ctx, id);
    await this.syncJobs.enqueue(ctx.tenantId, id, 'manual', body.since ?? null);
    return { queued: true };
  }

  @Get(':id/sync')
  @RequirePermissions('channel.manage')
  syncStatus(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<SyncStatusView> {
    return this.taobaoSync.status(ctx, id);
  }

  @Get(':id/sync-log')
  @RequirePermissions('channel.manage')
  syncLog(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<SyncRunView[]> {
    return this.taobaoSync.history(ctx, id);
  }
}
