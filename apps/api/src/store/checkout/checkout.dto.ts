import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '@tongdao/kernel';
import {
  AFTER_SALE_KINDS,
  AfterSaleKind,
  MAX_LINE_QUANTITY,
  MAX_PLACED_LINES,
  ORDER_STATUSES,
  OrderReceiver,
  OrderStatus,
} from '@tongdao/orders';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class CheckoutLineDto {
  @ApiProperty()
  @Matches(ULID, { message: 'skuId must be a SKU id' })
  skuId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_LINE_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

export class ReceiverDto {
  @ApiProperty({ example: '王小明' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13800138000' })
  @Matches(/^\+?[0-9][0-9 -]{5,19}$/, { message: 'phone must be a phone number' })
  phone: string;

  @ApiProperty({ example: '浙江省' })
  @IsString()
  @Length(1, 50)
  province: string;

  @ApiProperty({ example: '杭州市' })
  @IsString()
  @Length(1, 50)
  city: string;

  @ApiPropertyOptional({ example: '西湖区' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  district?: string;

  @ApiProperty({ example: '文三路 100 号' })
  @IsString()
  @Length(1, 200)
  address: string;

  @ApiPropertyOptional({ example: '310000' })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'postcode must be 6 digits' })
  postcode?: string;
}

/** The receiver as the order desk keeps it: what the buyer left out is null. */
export function orderReceiver(dto: ReceiverDto): OrderReceiver {
  return {
    name: dto.name,
    phone: dto.phone,
    province: dto.province,
    city: dto.city,
    district: dto.district ?? null,
    address: dto.address,
    postcode: dto.postcode ?? null,
  };
}

export class CheckoutDto {
  @ApiPropertyOptional({ type: [CheckoutLineDto], description: 'what to buy; or fromCart' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => CheckoutLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PLACED_LINES)
  lines?: CheckoutLineDto[];

  @ApiPropertyOptional({ description: 'buy what is in the cart (and empty it of those SKUs)' })
  @IsOptional()
  @IsBoolean()
  fromCart?: boolean;

  @ApiProperty({ type: ReceiverDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReceiverDto)
  receiver: ReceiverDto;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  buyerMessage?: string;

  @ApiPropertyOptional({ description: 'the share code the buyer arrived with' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{4,16}$/, { message: 'referrerCode must be a share code' })
  referrerCode?: string;
}

export class StoreOrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class RefundRequestDto {
  @ApiProperty()
  @Matches(ULID, { message: 'lineId must be an order line id' })
  lineId: string;

  @ApiProperty({ enum: AFTER_SALE_KINDS })
  @IsIn(AFTER_SALE_KINDS)
  kind: AfterSaleKind;

  @ApiPropertyOptional({ minimum: 1, description: 'default: the whole line' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'fen; default: the line total' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountFen?: number;

  @ApiProperty({ example: '尺码不合适' })
  @IsString()
  @Length(1, 200)
  reason: string;
}

/** An Idempotency-Key header: 8–64 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,64}$/;
