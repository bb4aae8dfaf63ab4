import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InboundMessageView, SceneView, WechatInboundReads } from '@tongdao/channels';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../../http/access.decorators';
import { Ctx } from '../../../http/ctx.decorator';

@ApiTags('channels')
@Controller('admin/v1')
export class WechatInboundReadsController {
  constructor(private readonly reads: WechatInboundReads) {}

  /** Followers per QR scene: following now, and everyone who ever followed through it. */
  @Get('channel-accounts/:id/wechat/scenes')
  @RequirePermissions('customer.read')
  scenes(@Ctx() ctx: RequestContext, @Param('id') accountId: string): Promise<SceneView[]> {
    return this.reads.scenes(ctx, accountId);
  }

  /** The customer's WeChat messages and events (with the auto-reply each got), newest first. */
  @Get('customers/:id/wechat/messages')
  @RequirePermissions('customer.read')
  messages(
    @Ctx() ctx: RequestContext,
    @Param('id') customerId: string,
    @Query() query: PageQuery,
  ): Promise<Page<InboundMessageView>> {
    return this.reads.messagesOf(ctx, customerId, query);
  }
}
