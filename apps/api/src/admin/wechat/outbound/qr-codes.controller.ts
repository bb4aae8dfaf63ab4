import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { QR_MAX_EXPIRE_SECONDS, QR_SCENE_PATTERN, QrCodeView, WechatQrCodes } from '@tongdao/channels';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../../http/access.decorators';
import { Ctx } from '../../../http/ctx.decorator';

const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class CreateQrCodeDto {
  @ApiProperty({ example: 'spring', description: 'the scene a follower who scans it is attributed to' })
  @IsString()
  @Matches(QR_SCENE_PATTERN)
  scene: string;

  @ApiPropertyOptional({ description: 'QR_LIMIT_STR_SCENE (never expires; WeChat caps their number)' })
  @Optional()
  @IsBoolean()
  permanent?: boolean;

  @ApiPropertyOptional({ minimum: 60, maximum: QR_MAX_EXPIRE_SECONDS, description: 'default 30 days' })
  @Optional()
  @IsInt()
  @Min(60)
  @Max(QR_MAX_EXPIRE_SECONDS)
  expireSeconds?: number;
}

/** Parametric QR codes of a WeChat account, for campaigns (marketing.manage). */
@ApiTags('wechat')
@Controller('admin/v1/channel-accounts/:id/wechat/qr-codes')
export class WechatQrCodesController {
  constructor(private readonly qrCodes: WechatQrCodes) {}

  @Post()
  @RequirePermissions('marketing.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: CreateQrCodeDto,
  ): Promise<QrCodeView> {
    return this.qrCodes.create(ctx, id, body);
  }

  @Get()
  @RequirePermissions('marketing.manage')
  list(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<Page<QrCodeView>> {
    return this.qrCodes.list(ctx, id, query);
  }
}
