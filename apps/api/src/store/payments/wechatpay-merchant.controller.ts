import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { WechatPayMerchantView, WechatPayMerchants } from '@tongdao/storefront';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { WechatPayMerchantDto } from './wechatpay-merchant.dto';

/**
 * The WeChat Pay merchant account a WeChat official account's shop takes payments with (channel.manage). Keys
 * go in, never out: GET shows identifiers only.
 */
@ApiTags('wechat pay')
@Controller('admin/v1/channel-accounts/:id/wechatpay')
export class WechatPayMerchantController {
  constructor(private readonly merchants: WechatPayMerchants) {}

  @Put()
  @RequirePermissions('channel.manage')
  @ApiOkResponse({ description: 'configured; the keys parsed as RSA keys and were stored encrypted' })
  configure(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: WechatPayMerchantDto,
  ): Promise<WechatPayMerchantView> {
    return this.merchants.configure(ctx, id, body);
  }

  @Get()
  @RequirePermissions('channel.manage')
  @ApiNotFoundResponse({ description: 'wechatpay_not_configured, or no such WeChat account' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WechatPayMerchantView> {
    return this.merchants.get(ctx, id);
  }

  @Delete()
  @HttpCode(204)
  @RequirePermissions('channel.manage')
  @ApiNoContentResponse({ description: 'disconnected: new payments are refused' })
  async disconnect(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    await this.merchants.disconnect(ctx, id);
  }
}
