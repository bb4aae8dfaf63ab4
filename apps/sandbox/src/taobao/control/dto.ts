import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';
import { LimitQuery, NofMDto, ServerErrorDto } from '../../shared/control';
import { REFUND_STATUSES, RefundStatus } from '../state/model';
import { Scenario, SCENARIOS } from '../trades/generator';

const YUAN = /^\d{1,9}(\.\d{1,2})?$/;

export class CreateAppDto {
  @IsOptional() @IsString() @Length(1, 60) sellerNick?: string;
  @IsOptional() @Matches(/^[0-9A-Za-z_-]{4,32}$/) appKey?: string;
  @IsOptional() @IsString() @Length(8, 64) appSecret?: string;
  /** Negative makes a session that is already expired. */
  @IsOptional() @IsInt() @Min(-86400) @Max(10 * 365 * 86400) sessionTtlSeconds?: number;
  @IsOptional() @IsInt() @Min(0) @Max(20) items?: number;
  @IsOptional() @IsString() @Length(1, 40) tmcGroup?: string;
}

export class SkuDto {
  @Matches(/^[0-9A-Za-z_.-]{1,64}$/) outerId: string;
  @IsString() @Length(1, 200) properties: string;
  @IsInt() @Min(0) @Max(1_000_000_000) quantity: number;
  @IsOptional() @Matches(YUAN) price?: string;
}

export class AddItemDto {
  @IsString() @Length(1, 120) title: string;
  @Matches(/^[0-9A-Za-z_.-]{1,64}$/) outerId: string;
  @Matches(YUAN) price: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) quantity?: number;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => SkuDto) @ArrayMaxSize(200) skus?: SkuDto[];
}

export class GenerateDto {
  @IsInt() @Min(1) @Max(1000) count: number;
  @IsOptional() @IsIn(SCENARIOS) scenario?: Scenario;
  @IsOptional() @IsInt() @Min(0) @Max(90 * 24 * 60) spreadMinutes?: number;
}

export const ADVANCE_TARGETS = [
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_FINISHED',
  'TRADE_CLOSED_BY_TAOBAO',
] as const;
export type AdvanceTarget = (typeof ADVANCE_TARGETS)[number];

export class AdvanceTradeDto {
  @IsOptional() @IsIn(ADVANCE_TARGETS) to?: AdvanceTarget;
}

export class CreateRefundDto {
  @IsOptional() @Matches(/^\d{1,19}$/) oid?: string;
  @IsOptional() @Matches(YUAN) refundFee?: string;
  @IsOptional() @IsBoolean() hasGoodReturn?: boolean;
  @IsOptional() @IsString() @Length(1, 100) reason?: string;
}

export class MoveRefundDto {
  @IsIn(REFUND_STATUSES) to: RefundStatus;
}

export class RateLimitDto extends NofMDto {
  @IsOptional() @IsIn(['app', 'isp']) style?: 'app' | 'isp';
}

/** The whole switch set for an app; what is left out is off. */
export class MisbehaviourDto {
  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rateLimit?: RateLimitDto;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) maxCallsPerSecond?: number;
  @IsOptional() @ValidateNested() @Type(() => ServerErrorDto) serverError?: ServerErrorDto;
  @IsOptional() @IsInt() @Min(0) @Max(120_000) delayMs?: number;
  @IsOptional() @IsBoolean() sessionExpired?: boolean;
  @IsOptional() @ValidateNested() @Type(() => NofMDto) tmcDuplicate?: NofMDto;
  @IsOptional() @IsBoolean() tmcOutOfOrder?: boolean;
  @IsOptional() @IsInt() @Min(50) @Max(24 * 3600 * 1000) tmcRedeliveryMs?: number;
}

export class GeneratorDto {
  /** 0 stops the timer. */
  @IsInt() @Min(0) @Max(6000) ratePerMinute: number;
  @IsOptional() @IsString() @Length(1, 60) sellerNick?: string;
}

export class TickDto {
  @IsOptional() @IsString() @Length(1, 60) sellerNick?: string;
}

export class CallLogQuery extends LimitQuery {
  @IsOptional() @IsString() method?: string;
  @IsOptional() @IsString() appKey?: string;
  @IsOptional() @IsString() outcome?: string;
}
