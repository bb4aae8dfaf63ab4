import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { CHANNEL_TYPES, ChannelAccountStatus, ChannelType } from '@tongdao/catalog';
import { ChannelAccountView, ChannelAccountsService } from '@tongdao/channels';
import { Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';

const STATUSES: ChannelAccountStatus[] = ['active', 'needs_reauth', 'disabled'];
const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** The bare account; the Taobao/WeChat/Weibo issues extend this body with their connection fields. */
export class CreateChannelAccountDto {
  @ApiProperty({ enum: CHANNEL_TYPES })
  @IsIn(CHANNEL_TYPES)
  type: ChannelType;

  @ApiProperty({ description: 'one of the merchant’s shops' })
  @IsString()
  @Length(1, 26)
  shopId: string;

  @ApiProperty({ maxLength: 100, example: '天猫旗舰店' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class ChannelAccountListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANNEL_TYPES })
  @Optional()
  @IsIn(CHANNEL_TYPES)
  type?: ChannelType;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: ChannelAccountStatus;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 26)
  shopId?: string;
}

/**
 * Reads need catalog.read (the staff who map listings must see the accounts); writes need channel.manage.
 */
@ApiTags('channels')
@Controller('admin/v1/channel-accounts')
export class ChannelAccountsController {
  constructor(private readonly accounts: ChannelAccountsService) {}

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
    return this.accounts.create(ctx, body);
  }
}
