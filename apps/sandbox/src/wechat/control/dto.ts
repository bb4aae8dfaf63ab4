import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { LimitQuery, NofMDto, ServerErrorDto } from '../../shared/control';
import { TEMPLATE_STATUSES, TemplateStatus } from '../state/misbehaviour';
import { Mode, MODES } from '../state/model';

const URL_OPTIONS = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/** Moves the sandbox clock: `advanceSeconds` adds to the offset, `offsetSeconds` sets it (0 = wall clock). */
export class ClockDto {
  @IsOptional() @IsInt() @Min(0) @Max(10 * 365 * 86400) advanceSeconds?: number;
  @IsOptional() @IsInt() @Min(0) @Max(10 * 365 * 86400) offsetSeconds?: number;
}

export class AccountSettingsDto {
  @IsOptional() @IsUrl(URL_OPTIONS) callbackUrl?: string;
  @IsOptional() @IsIn(MODES) mode?: Mode;
  @IsOptional() @IsInt() @Min(20) @Max(60_000) pushTimeoutMs?: number;
  @IsOptional() @IsInt() @Min(1) @Max(10) pushAttempts?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1000) csQuota?: number;
  @IsOptional() @IsBoolean() openPlatformBound?: boolean;
  @IsOptional() @Matches(/^[A-Za-z0-9.-]{1,253}$/) oauthDomain?: string;
  @IsOptional() @IsString() @Length(1, 64) oauthOpenid?: string;
}

export class CreateAccountDto extends AccountSettingsDto {
  @IsOptional() @IsString() @Length(1, 60) name?: string;
  /** The merchant's own Token (3–32 letters/digits, as the console allows). */
  @IsOptional() @Matches(/^[A-Za-z0-9]{3,32}$/) token?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9]{43}$/) encodingAESKey?: string;
}

export class UpdateAccountDto extends AccountSettingsDto {}

export class TemplateDto {
  @IsString() @Length(1, 60) title: string;
  @IsString() @Length(1, 2000) content: string;
}

export class VerifyUrlDto {
  /** The URL to check; the account's callback URL when absent. */
  @IsOptional() @IsUrl(URL_OPTIONS) url?: string;
}

export class CreateFollowersDto {
  @IsOptional() @IsInt() @Min(1) @Max(200) count?: number;
  @IsOptional() @IsString() @Length(1, 64) nickname?: string;
  /** Give the same unionid to the same person's followers of several accounts. */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{8,64}$/) unionid?: string;
  /** false: a WeChat user who does not follow (yet); they can still go through OAuth. */
  @IsOptional() @IsBoolean() subscribed?: boolean;
  @IsOptional() @IsBoolean() blocksTemplates?: boolean;
}

export class UpdateFollowerDto {
  @IsOptional() @IsString() @Length(1, 64) nickname?: string;
  @IsOptional() @IsBoolean() blocksTemplates?: boolean;
}

export class PushOptionsDto {
  /** false: answer at once with the pending delivery; read it later under /deliveries/:id. */
  @IsOptional() @IsBoolean() wait?: boolean;
}

export class TextDto extends PushOptionsDto {
  @IsString() @Length(1, 2048) content: string;
}

export class SceneDto extends PushOptionsDto {
  /** A ticket from /cgi-bin/qrcode/create. */
  @IsOptional() @IsString() @Length(1, 200) ticket?: string;
  /** Or just a scene: the sandbox makes a temporary QR code for it. */
  @IsOptional() @Matches(/^[^\s]{1,64}$/) scene?: string;
}

export class ClickDto extends PushOptionsDto {
  @IsString() @Length(1, 128) key: string;
}

export class ViewDto extends PushOptionsDto {
  @IsUrl(URL_OPTIONS) url: string;
  @IsOptional() @Matches(/^\d{1,18}$/) menuId?: string;
}

/** The whole switch set for an account; what is left out is off. */
export class MisbehaviourDto {
  @IsOptional() @IsInt() @Min(0) @Max(120_000) apiDelayMs?: number;
  @IsOptional() @ValidateNested() @Type(() => ServerErrorDto) apiServerError?: ServerErrorDto;
  @IsOptional() @ValidateNested() @Type(() => NofMDto) systemBusy?: NofMDto;
  @IsOptional() @IsBoolean() tokensInvalid?: boolean;
  @IsOptional() @ValidateNested() @Type(() => NofMDto) duplicatePushes?: NofMDto;
  @IsOptional() @IsIn(TEMPLATE_STATUSES) templateStatus?: TemplateStatus;
}

export class DeliveriesQuery extends LimitQuery {
  @IsOptional() @IsString() appId?: string;
  @IsOptional() @IsString() openid?: string;
  @IsOptional() @IsString() event?: string;
  @IsOptional() @IsIn(['pending', 'delivered', 'failed']) state?: string;
}

export class SentQuery {
  @IsOptional() @IsIn(['template', 'custom']) kind?: 'template' | 'custom';
  @IsOptional() @IsString() openid?: string;
}

export class CallsQuery extends LimitQuery {
  @IsOptional() @IsString() appId?: string;
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() outcome?: string;
}
