import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CHANNEL_TYPES, ChannelAccountStatus, ChannelType } from '@tongdao/catalog';
import { PageQuery } from '@tongdao/kernel';

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

  @ApiPropertyOptional({ maxLength: 100, example: '天猫旗舰店', description: 'default: the channel’s name' })
  @Optional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    description: 'Taobao: the app key (with appSecret and sessionKey; all three or none)',
  })
  @ValidateIf((o: CreateChannelAccountDto) => hasTaobaoCredentials(o))
  @IsString()
  @Length(1, 64)
  appKey?: string;

  @ApiPropertyOptional({ description: 'Taobao or WeChat: the app secret; stored encrypted, never returned' })
  @ValidateIf((o: CreateChannelAccountDto) => hasTaobaoCredentials(o) || hasWechatCredentials(o))
  @IsString()
  @Length(1, 128)
  appSecret?: string;

  @ApiPropertyOptional({ description: 'Taobao: the seller’s session key; stored encrypted, never returned' })
  @ValidateIf((o: CreateChannelAccountDto) => hasTaobaoCredentials(o))
  @IsString()
  @Length(1, 256)
  sessionKey?: string;

  @ApiPropertyOptional({
    description: 'Taobao: TOP gateway; default the real one (the sandbox: http://localhost:3100/router/rest)',
  })
  @Optional()
  @Matches(/^https?:\/\/\S{1,300}$/)
  gatewayUrl?: string;

  @ApiPropertyOptional({ description: 'WeChat: the official account’s AppID' })
  @ValidateIf((o: CreateChannelAccountDto) => hasWechatCredentials(o))
  @IsString()
  @Length(3, 40)
  appId?: string;

  @ApiPropertyOptional({ description: 'WeChat: the callback token of the server settings; stored encrypted' })
  @ValidateIf((o: CreateChannelAccountDto) => hasWechatCredentials(o))
  @IsString()
  @Length(3, 32)
  token?: string;

  @ApiPropertyOptional({
    description: 'WeChat: EncodingAESKey (43 characters) for safe or compatible mode; stored encrypted',
  })
  @Optional()
  @Matches(/^[A-Za-z0-9]{43}$/)
  encodingAESKey?: string;

  @ApiPropertyOptional({
    description: 'WeChat: API host; default https://api.weixin.qq.com (the sandbox: http://localhost:3100)',
  })
  @Optional()
  @Matches(/^https?:\/\/\S{1,300}$/)
  apiBaseUrl?: string;

  @ApiPropertyOptional({ description: 'Taobao: TMC WebSocket URL; default the real one' })
  @Optional()
  @Matches(/^wss?:\/\/\S{1,300}$/)
  tmcUrl?: string;
}

/** New credentials for a connected Taobao store (after re-authorising, or a rotated app secret). */
export class TaobaoCredentialsDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  appKey: string;

  @ApiProperty({ description: 'stored encrypted, never returned' })
  @IsString()
  @Length(1, 128)
  appSecret: string;

  @ApiProperty({ description: 'stored encrypted, never returned' })
  @IsString()
  @Length(1, 256)
  sessionKey: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(/^https?:\/\/\S{1,300}$/)
  gatewayUrl?: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(/^wss?:\/\/\S{1,300}$/)
  tmcUrl?: string;
}

export class SyncNowDto {
  @ApiPropertyOptional({
    description: 'backfill: sync trades modified since this time (at most 90 days back)',
  })
  @Optional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
}

/** A WeChat account without any of these is a bare account (orders fed by other means); with one, all are needed. */
function hasWechatCredentials(o: CreateChannelAccountDto): boolean {
  return (
    o.type === 'wechat' &&
    [o.appId, o.appSecret, o.token, o.encodingAESKey, o.apiBaseUrl].some((v) => v !== undefined)
  );
}

function hasTaobaoCredentials(o: CreateChannelAccountDto): boolean {
  return (
    o.type === 'taobao' &&
    [o.appKey, o.appSecret, o.sessionKey, o.gatewayUrl, o.tmcUrl].some((v) => v !== undefined)
  );
}

export const DEFAULT_NAMES: Record<ChannelType, string> = {
  taobao: 'Taobao store',
  wechat: 'WeChat official account',
  weibo: 'Weibo account',
};

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
