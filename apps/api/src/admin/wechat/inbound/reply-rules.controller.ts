import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  MAX_PATTERN,
  MAX_REPLY_TEXT,
  RULE_MATCHES,
  RULE_REPLIES,
  ReplyRuleView,
  RuleMatch,
  RuleReply,
  WechatReplyRules,
} from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../../http/access.decorators';
import { Ctx } from '../../../http/ctx.decorator';

const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export class ReplyRuleDto {
  @ApiProperty({ maxLength: 100, example: '营业时间' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: RULE_MATCHES, description: 'exact / contains are case-insensitive' })
  @IsIn(RULE_MATCHES)
  matchType: RuleMatch;

  @ApiProperty({
    maxLength: MAX_PATTERN,
    description: 'the keyword, or a regular expression (no nested quantifiers or backreferences)',
  })
  @IsString()
  @Length(1, MAX_PATTERN)
  pattern: string;

  @ApiProperty({
    enum: RULE_REPLIES,
    description: 'product_search lists up to 5 active products matching the words',
  })
  @IsIn(RULE_REPLIES)
  replyKind: RuleReply;

  @ApiPropertyOptional({
    maxLength: MAX_REPLY_TEXT,
    description: 'the reply (text) or a heading (product_search)',
  })
  @Optional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(MAX_REPLY_TEXT)
  replyText?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, default: 100, description: 'lower first' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10000)
  priority?: number;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateReplyRuleDto extends PartialType(ReplyRuleDto) {}

@ApiTags('channels')
@Controller('admin/v1/channel-accounts/:id/wechat/reply-rules')
export class WechatReplyRulesController {
  constructor(private readonly rules: WechatReplyRules) {}

  @Get()
  @RequirePermissions('catalog.read')
  list(@Ctx() ctx: RequestContext, @Param('id') accountId: string): Promise<ReplyRuleView[]> {
    return this.rules.list(ctx, accountId);
  }

  @Post()
  @RequirePermissions('channel.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Param('id') accountId: string,
    @Body() body: ReplyRuleDto,
  ): Promise<ReplyRuleView> {
    return this.rules.create(ctx, accountId, body);
  }

  @Patch(':ruleId')
  @RequirePermissions('channel.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') accountId: string,
    @Param('ruleId') ruleId: string,
    @Body() body: UpdateReplyRuleDto,
  ): Promise<ReplyRuleView> {
    return this.rules.update(ctx, accountId, ruleId, body);
  }

  @Delete(':ruleId')
  @HttpCode(204)
  @RequirePermissions('channel.manage')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('id') accountId: string,
    @Param('ruleId') ruleId: string,
  ): Promise<void> {
    await this.rules.remove(ctx, accountId, ruleId);
  }
}
