import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Length,
  ValidateNested,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from '@tongdao/orders';
import { PageQuery } from '@tongdao/kernel';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ enum: ['taobao', 'wechat', 'weibo'] })
  @IsOptional()
  @IsIn(['taobao', 'wechat', 'weibo'])
  channelType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  channelAccountId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  shopId?: string;

  @ApiPropertyOptional({ description: 'placed at or after (ISO-8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdFrom?: Date;

  @ApiPropertyOptional({ description: 'placed before (ISO-8601)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdTo?: Date;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  customerId?: string;

  @ApiPropertyOptional({ description: 'buyer name as the channel gave it (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  buyer?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\+?\d{5,20}$/)
  receiverPhone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  skuId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(30)
  tag?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ULID)
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'receiver name (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  receiverName?: string;

  @ApiPropertyOptional({ description: 'true: orders with any after-sale; false: orders without' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  hasAfterSale?: boolean;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  afterSaleState?: 'open' | 'closed';

  @ApiPropertyOptional({
    description: 'order id, external order id, buyer name, receiver name or phone (exact)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AssignOrderDto {
  @ApiPropertyOptional({ nullable: true, description: 'null to unassign' })
  @IsOptional()
  @Matches(ULID)
  staffId: string | null;
}

export class RemarkOrderDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  sellerMemo?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 5, description: '0 none, 1-5 red/yellow/green/blue/purple' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  sellerFlag?: number;
}

export class TagOrderDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  remove?: string[];
}

export class ShipLineDto {
  @ApiProperty()
  @Matches(ULID)
  lineId: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;
}

export class ShipOrderDto {
  @ApiPropertyOptional({ type: [ShipLineDto], description: 'omit to ship everything not yet shipped' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ShipLineDto)
  lines?: ShipLineDto[];

  @ApiProperty({ example: 'SF', description: 'our carrier code' })
  @IsString()
  @Matches(/^[A-Za-z0-9_]{2,32}$/)
  carrierCode: string;

  @ApiProperty({ example: 'SF1234567890' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,64}$/)
  trackingNo: string;
}

export class CancelOrderDto {
  @ApiProperty({ example: 'buyer asked to cancel' })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class MapOrderLineDto {
  @ApiProperty({ description: 'the merchant SKU this channel line sells' })
  @Matches(ULID)
  skuId: string;
}
