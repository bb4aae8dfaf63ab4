import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';
import { OutboundMessageView, WechatCustomerMessages } from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../../http/access.decorators';
import { Ctx } from '../../../http/ctx.decorator';

export class SendCustomerMessageDto {
  @ApiProperty({ maxLength: 600, example: '您好，您的订单已安排发货' })
  @IsString()
  @Length(1, 600)
  text: string;

  @ApiPropertyOptional({
    description: 'the WeChat account to send from; default: the newest one the customer follows',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @Length(26, 26)
  channelAccountId?: string;
}

/**
 * Customer-service replies to a WeChat follower (48-hour window, enforced by WeChat: 409
 * outside_service_window). Sending needs customer.read and order.remark — the customer-service roles hold both;
 * marketing (customer.read only) cannot message customers one by one.
 */
@ApiTags('wechat')
@Controller('admin/v1/customers/:id')
export class WechatCustomerMessagesController {
  constructor(private readonly messages: WechatCustomerMessages) {}

  @Post('messages')
  @RequirePermissions('customer.read', 'order.remark')
  send(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: SendCustomerMessageDto,
  ): Promise<OutboundMessageView> {
    return this.messages.send(ctx, id, body);
  }

  /** Template notifications and service messages sent to the customer, newest first (50). */
  @Get('wechat/outbound-messages')
  @RequirePermissions('customer.read')
  history(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OutboundMessageView[]> {
    return this.messages.history(ctx, id);
  }
}
