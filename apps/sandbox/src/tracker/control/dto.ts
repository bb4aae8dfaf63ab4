import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NofMDto } from '../../shared/control';
import { TRACK_STATES } from '../wire/kuaidi100';

export class AccountSettingsDto {
  @IsOptional() @IsNumber() @Min(0) @Max(1) retryScale?: number;
  @IsOptional() @IsInt() @Min(20) @Max(60_000) pushTimeoutMs?: number;
  /** 0 turns the automatic timeline off. */
  @IsOptional() @IsInt() @Min(0) @Max(24 * 3600 * 1000) autoTimelineMs?: number;
}

export class CreateAccountDto extends AccountSettingsDto {
  @IsOptional() @Matches(/^[0-9A-Za-z]{8,32}$/) key?: string;
  @IsOptional() @Matches(/^[0-9A-Za-z]{8,40}$/) customer?: string;
}

export class UpdateAccountDto extends AccountSettingsDto {
  /** true: `/poll` answers 601 (key expired). */
  @IsOptional() @IsBoolean() disabled?: boolean;
}

export class MisbehaviourDto {
  @IsOptional() @IsInt() @Min(0) @Max(5) duplicatePushes?: number;
  @IsOptional() @IsBoolean() badSign?: boolean;
  @IsOptional() @ValidateNested() @Type(() => NofMDto) serverError?: NofMDto;
}

export class AdvanceDto {
  @IsIn(TRACK_STATES) state: number;
  @IsOptional() @IsString() @Length(1, 300) context?: string;
  @IsOptional() @IsString() @Length(1, 60) areaName?: string;
}

export class TimelineStepDto {
  @IsIn(TRACK_STATES) state: number;
  @IsOptional() @IsString() @Length(1, 300) context?: string;
}

export class TimelineDto {
  @IsInt() @Min(10) @Max(24 * 3600 * 1000) stepMs: number;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TimelineStepDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  steps?: TimelineStepDto[];
}

export class AbortDto {
  @IsOptional() @IsString() @Length(1, 100) message?: string;
}

export class SubscriptionsQuery {
  @IsOptional() @IsString() key?: string;
  @IsOptional() @IsString() com?: string;
  @IsOptional() @IsString() number?: string;
}

export class PushesQuery extends SubscriptionsQuery {
  @IsOptional() @IsIn(['pending', 'acknowledged', 'failed']) delivery?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20_000) limit?: number;
}
