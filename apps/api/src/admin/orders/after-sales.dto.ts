import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '@tongdao/kernel';
import {
  AFTER_SALE_KINDS,
  AFTER_SALE_STATUSES,
  AfterSaleKind,
  AfterSaleStatus,
  MAX_AUTO_CONFIRM_DAYS,
} from '@tongdao/orders';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** ¥10,000,000 — far above any single line a mid-tier seller refunds; stops absurd figures early. */
const MAX_REFUND_FEN = 1_000_000_000;

export class RequestAfterSaleDto {
  @ApiProperty()
  @Matches(ULID)
  lineId: string;

  @ApiProperty({ enum: AFTER_SALE_KINDS })
  @IsIn(AFTER_SALE_KINDS)
  kind: AfterSaleKind;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  @ApiProperty({ minimum: 1, description: 'amount to pay back, integer fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_REFUND_FEN)
  amountFen: number;

  @ApiProperty({ example: 'arrived damaged' })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class AfterSaleListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AFTER_SALE_STATUSES })
  @IsOptional()
  @IsIn(AFTER_SALE_STATUSES)
  status?: AfterSaleStatus;

  @ApiPropertyOptional({ enum: AFTER_SALE_KINDS })
  @IsOptional()
  @IsIn(AFTER_SALE_KINDS)
  kind?: AfterSaleKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  orderId?: string;
}

export class RejectAfterSaleDto {
  @ApiProperty({ example: 'outside the 7-day return window' })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ReceiveReturnDto {
  @ApiProperty({ minimum: 1, description: 'units that came back' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  @ApiProperty({ minimum: 0, description: 'units fit to sell again; they go back into the stock pool' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  restockQuantity: number;

  @ApiPropertyOptional({ description: 'default: the merchant’s default warehouse' })
  @IsOptional()
  @Matches(ULID)
  warehouseId?: string;
}

export class RecordRefundDto {
  @ApiPropertyOptional({ example: 'paid back by bank transfer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class GuaranteePolicyDto {
  @ApiProperty({ description: 'hold paid funds until the buyer confirms receipt (担保交易)' })
  @IsBoolean()
  guaranteeEnabled: boolean;

  @ApiProperty({
    minimum: 1,
    maximum: MAX_AUTO_CONFIRM_DAYS,
    description: 'days after delivery before funds settle anyway',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_AUTO_CONFIRM_DAYS)
  autoConfirmDays: number;
}
