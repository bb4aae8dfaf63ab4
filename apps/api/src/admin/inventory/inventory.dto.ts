import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import {
  ADJUST_REASONS,
  ALLOCATION_MODES,
  AdjustReason,
  AllocationMode,
  LedgerType,
  MAX_QUANTITY,
  ReservationStatus,
} from '@tongdao/inventory';
import { PageQuery } from '@tongdao/kernel';

const LEDGER_TYPES: LedgerType[] = ['reserve', 'commit', 'release', 'adjust', 'safety'];
const RESERVATION_STATUSES: ReservationStatus[] = ['active', 'committed', 'released'];

export class StockAdjustmentDto {
  @ApiPropertyOptional({ description: 'default: the merchant’s default warehouse' })
  @IsOptional()
  @IsString()
  @Length(1, 26)
  warehouseId?: string;

  @ApiPropertyOptional({ description: 'units to add (+) or remove (−); exactly one of delta and setOnHand' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  delta?: number;

  @ApiPropertyOptional({ description: 'the counted on-hand quantity; exactly one of delta and setOnHand' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  setOnHand?: number;

  @ApiProperty({ enum: ADJUST_REASONS })
  @IsIn(ADJUST_REASONS)
  reason: AdjustReason;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class SafetyStockDto {
  @ApiPropertyOptional({ description: 'default: the merchant’s default warehouse' })
  @IsOptional()
  @IsString()
  @Length(1, 26)
  warehouseId?: string;

  @ApiProperty({ minimum: 0, maximum: MAX_QUANTITY, description: 'units held back from every channel' })
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  safetyStock: number;
}

export class LedgerQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 26)
  skuId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 26)
  warehouseId?: string;

  @ApiPropertyOptional({ enum: LEDGER_TYPES })
  @IsOptional()
  @IsIn(LEDGER_TYPES)
  type?: LedgerType;
}

export class ReservationQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 26)
  skuId?: string;

  @ApiPropertyOptional({ enum: RESERVATION_STATUSES })
  @IsOptional()
  @IsIn(RESERVATION_STATUSES)
  status?: ReservationStatus;
}

export class CreateWarehouseDto {
  @ApiProperty({ example: 'SH-01', description: '1-32 characters of A-Z, 0-9, _ or -' })
  @IsString()
  @Length(1, 32)
  code: string;

  @ApiProperty({ example: 'Shanghai warehouse' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class AllocationRuleDto {
  @ApiPropertyOptional({ description: 'the SKU covered; absent = every SKU on channelAccountId' })
  @IsOptional()
  @IsString()
  @Length(26, 26)
  skuId?: string;

  @ApiPropertyOptional({ description: 'the channel account covered; absent = every channel of skuId' })
  @IsOptional()
  @IsString()
  @Length(26, 26)
  channelAccountId?: string;

  @ApiProperty({ enum: ALLOCATION_MODES })
  @IsIn(ALLOCATION_MODES)
  mode: AllocationMode;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description: 'percentage mode: share of the sellable stock (floored)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'fixed_cap mode: at most this many units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  cap?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'the channel stops offering the last N sellable units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  buffer?: number;
}

export class AllocationRuleQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 26)
  skuId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 26)
  channelAccountId?: string;
}
