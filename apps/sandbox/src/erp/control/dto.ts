import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { LimitQuery, NofMDto, ServerErrorDto } from '../../shared/control';

const SKU_ID = /^[0-9A-Za-z_.-]{1,64}$/;
const SO_ID = /^.{1,64}$/;

export class SkuSpecDto {
  @Matches(SKU_ID) skuId: string;
  @IsOptional() @IsString() @Length(1, 100) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) qty?: number;
}

export class CreateTenantDto {
  /** How many shops (ids assigned), unless `shopIds` says which. */
  @IsOptional() @IsInt() @Min(1) @Max(50) shops?: number;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  shopIds?: number[];
  @IsOptional() @IsInt() @Min(1) @Max(10) warehouses?: number;
  /** How many generated SKUs, unless `skus` lists them. */
  @IsOptional() @IsInt() @Min(0) @Max(1000) skuCount?: number;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SkuSpecDto)
  @ArrayMaxSize(5000)
  skus?: SkuSpecDto[];
  /** Starting stock of every SKU in every warehouse (default 100). */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) qty?: number;
}

export class StockItemDto {
  @Matches(SKU_ID) skuId: string;
  @IsInt() @Min(0) @Max(1_000_000_000) qty: number;
  @IsOptional() @IsInt() wmsCoId?: number;
  @IsOptional() @IsString() @Length(1, 100) name?: string;
}

export class SetStockDto {
  @ValidateNested({ each: true })
  @Type(() => StockItemDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  items: StockItemDto[];
}

export class ShipDto {
  @IsInt() shopId: number;
  @Matches(SO_ID) soId: string;
  @IsOptional() @Matches(/^[0-9A-Za-z_.-]{1,32}$/) lcId?: string;
  @IsOptional() @Matches(/^[0-9A-Za-z-]{4,40}$/) lId?: string;
  @IsOptional() @IsInt() wmsCoId?: number;
}

export class ThrottleDto {
  @IsInt() @Min(1) @Max(100_000) perSecond: number;
  @IsOptional() @IsIn([199, 200]) code?: 199 | 200;
}

export class TimeoutAfterStoreDto {
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @Matches(SO_ID, { each: true }) soIds?: string[];
  @IsOptional() @IsInt() @Min(0) @Max(1000) n?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) m?: number;
  @IsOptional() @IsInt() @Min(0) @Max(600_000) holdMs?: number;
  @IsOptional() @IsIn(['hold', 'drop']) mode?: 'hold' | 'drop';
}

export class RejectRuleDto {
  @IsOptional() @Matches(SO_ID) soId?: string;
  @IsOptional() @Matches(SKU_ID) skuId?: string;
  @IsString() @Length(1, 200) reason: string;
}

/** The whole switch set for a tenant; what is left out is off. */
export class MisbehaviourDto {
  @IsOptional() @ValidateNested() @Type(() => ThrottleDto) throttle?: ThrottleDto;
  @IsOptional() @ValidateNested() @Type(() => ServerErrorDto) serverError?: ServerErrorDto;
  @IsOptional() @ValidateNested() @Type(() => NofMDto) unknownError?: NofMDto;
  @IsOptional() @IsInt() @Min(0) @Max(120_000) delayMs?: number;
  @IsOptional() @ValidateNested() @Type(() => TimeoutAfterStoreDto) timeoutAfterStore?: TimeoutAfterStoreDto;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RejectRuleDto)
  @ArrayMaxSize(1000)
  rejectOrders?: RejectRuleDto[];
}

export class CallsQuery extends LimitQuery {
  @IsOptional() @IsString() appKey?: string;
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() outcome?: string;
}
