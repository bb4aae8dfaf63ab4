import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsString, Matches, ValidateIf } from 'class-validator';
import {
  NotificationTemplateView,
  TEMPLATE_EVENTS,
  TEMPLATE_VARIABLES,
  TemplateEvent,
  WechatNotificationTemplates,
} from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../../http/access.decorators';
import { Ctx } from '../../../http/ctx.decorator';

const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const URL_PATTERN = /^https?:\/\/\S{1,480}$/;
const FIELDS_DOC = `template keyword → text with {{variable}} placeholders, e.g. {"keyword1":"{{orderId}}","keyword2":"¥{{paidYuan}}"}; variables per event: ${JSON.stringify(TEMPLATE_VARIABLES)}`;

export class UpdateNotificationTemplateDto {
  @ApiPropertyOptional({ description: 'the template id in the official account (模板ID)' })
  @Optional()
  @IsString()
  @Matches(TEMPLATE_ID)
  templateId?: string;

  @ApiPropertyOptional({
    description: FIELDS_DOC,
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @Optional()
  @IsObject()
  fields?: Record<string, string>;

  @ApiPropertyOptional({ description: 'the page the message opens; null for none', nullable: true })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @Matches(URL_PATTERN)
  url?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateNotificationTemplateDto {
  @ApiProperty({ enum: TEMPLATE_EVENTS })
  @IsIn(TEMPLATE_EVENTS)
  event: TemplateEvent;

  @ApiProperty({ description: 'the template id in the official account (模板ID)' })
  @IsString()
  @Matches(TEMPLATE_ID)
  templateId: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: FIELDS_DOC })
  @IsObject()
  fields: Record<string, string>;

  @ApiPropertyOptional({ description: 'the page the message opens', nullable: true })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @Matches(URL_PATTERN)
  url?: string | null;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** A shop's WeChat template messages for order events. Reads: order.read; changes: shop.manage. */
@ApiTags('wechat')
@Controller('admin/v1/shops/:shopId/wechat/templates')
export class WechatNotificationTemplatesController {
  constructor(private readonly templates: WechatNotificationTemplates) {}

  @Get()
  @RequirePermissions('order.read')
  list(@Ctx() ctx: RequestContext, @Param('shopId') shopId: string): Promise<NotificationTemplateView[]> {
    return this.templates.list(ctx, shopId);
  }

  @Get(':id')
  @RequirePermissions('order.read')
  get(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
  ): Promise<NotificationTemplateView> {
    return this.templates.get(ctx, shopId, id);
  }

  @Post()
  @RequirePermissions('shop.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Body() body: CreateNotificationTemplateDto,
  ): Promise<NotificationTemplateView> {
    return this.templates.create(ctx, shopId, body);
  }

  @Patch(':id')
  @RequirePermissions('shop.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
    @Body() body: UpdateNotificationTemplateDto,
  ): Promise<NotificationTemplateView> {
    return this.templates.update(ctx, shopId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('shop.manage')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('shopId') shopId: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.templates.remove(ctx, shopId, id);
  }
}
