import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_LISTINGS_PER_UPSERT } from '@tongdao/catalog';
import { PageQuery } from '@tongdao/kernel';

const STATUSES = ['active', 'archived'] as const;
type Status = (typeof STATUSES)[number];

/** Optional, but null is not "absent": it is validated (and refused unless the field allows null). */
const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
/** Optional and nullable: null clears the field. */
const Nullable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined && value !== null);

export class AttributeDefDto {
  @ApiProperty({ example: '颜色', maxLength: 32 })
  @IsString()
  @Length(1, 32)
  name: string;

  @ApiProperty({ type: [String], example: ['红', '蓝'], description: 'allowed values; empty = any' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  values: string[];
}

export class CreateProductDto {
  @ApiProperty({ maxLength: 200, example: '纯棉T恤' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: [AttributeDefDto], nullable: true })
  @Nullable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttributeDefDto)
  attributeDefs?: AttributeDefDto[] | null;
}

export class UpdateProductDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: Status;

  @ApiPropertyOptional({ type: [AttributeDefDto], nullable: true })
  @Nullable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttributeDefDto)
  attributeDefs?: AttributeDefDto[] | null;
}

export class ProductListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the title' })
  @Optional()
  @IsString()
  @Length(1, 200)
  titleContains?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: Status;
}

export class CreateSkuDto {
  @ApiProperty({
    maxLength: 64,
    example: 'TS-RED-L',
    description: 'merchant SKU code (商家编码), unique per merchant',
  })
  @IsString()
  @Length(1, 64)
  code: string;

  @ApiProperty({ minimum: 0, example: 12800, description: 'price in integer fen' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  priceFen: number;

  @ApiPropertyOptional({ example: { 颜色: '红', 尺码: 'L' }, description: 'name → value strings' })
  @Optional()
  @IsObject()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 64, nullable: true })
  @Nullable()
  @IsString()
  @Length(1, 64)
  barcode?: string | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(1e9)
  weightGrams?: number | null;
}

export class UpdateSkuDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @Optional()
  @IsString()
  @Length(1, 64)
  code?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'price in integer fen' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  priceFen?: number;

  @ApiPropertyOptional({ description: 'replaces all attributes' })
  @Optional()
  @IsObject()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 64, nullable: true })
  @Nullable()
  @IsString()
  @Length(1, 64)
  barcode?: string | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(1e9)
  weightGrams?: number | null;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: Status;
}

export class SkuSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'SKU codes starting with this' })
  @Optional()
  @IsString()
  @Length(1, 64)
  codePrefix?: string;

  @ApiPropertyOptional({ description: 'part of the product title' })
  @Optional()
  @IsString()
  @Length(1, 200)
  titleContains?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 64)
  barcode?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 26)
  productId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
  status?: Status;
}

export class ListingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['mapped', 'unmapped'] })
  @Optional()
  @IsIn(['mapped', 'unmapped'])
  state?: 'mapped' | 'unmapped';

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 26)
  channelAccountId?: string;
}

export class MapListingDto {
  @ApiProperty({ description: 'the merchant SKU this listing sells' })
  @IsString()
  @Length(1, 26)
  skuId: string;
}

export class ListingItemDto {
  @ApiProperty({ maxLength: 64, example: '6543210987', description: 'the platform item id (num_iid …)' })
  @IsString()
  @Length(1, 64)
  channelItemId: string;

  @ApiPropertyOptional({
    maxLength: 64,
    nullable: true,
    description: 'the platform SKU id; absent for an item without variants',
  })
  @Nullable()
  @IsString()
  @Length(1, 64)
  channelSkuId?: string | null;

  @ApiPropertyOptional({
    maxLength: 64,
    nullable: true,
    description: 'outer id (商家编码); auto-matched to SKU codes',
  })
  @Nullable()
  @IsString()
  @Length(1, 64)
  outerId?: string | null;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Nullable()
  @IsString()
  @Length(1, 200)
  title?: string | null;
}

export class UpsertListingsDto {
  @ApiProperty({ type: [ListingItemDto], maxItems: MAX_LISTINGS_PER_UPSERT })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTINGS_PER_UPSERT)
  @ValidateNested({ each: true })
  @Type(() => ListingItemDto)
  items: ListingItemDto[];
}
