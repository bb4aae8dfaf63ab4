import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ERP_KINDS, ErpKind, STOCK_SOURCES, SYNC_LOG_KINDS, StockSource, SyncLogKind } from '@tongdao/erp';
import { PageQuery } from '@tongdao/kernel';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class ErpShopBindingDto {
  @ApiProperty({ description: 'one of the merchant’s shops' })
  @Matches(ID, { message: 'shopId must be a shop id' })
  shopId: string;

  @ApiProperty({ example: '10001', description: 'the ERP’s id of that shop (Jushuitan shop_id)' })
  @Matches(/^\d{1,18}$/, { message: 'erpShopId must be digits' })
  erpShopId: string;
}

export class PutErpConnectionDto {
  @ApiProperty({ enum: ERP_KINDS })
  @IsIn(ERP_KINDS)
  kind: ErpKind;

  @ApiProperty({
    example: 'https://openapi.jushuitan.com',
    description: 'the ERP’s API host (the sandbox: http://localhost:3100)',
  })
  @Matches(/^https?:\/\/\S{1,240}$/, { message: 'baseUrl must be an http(s) URL' })
  baseUrl: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  appKey: string;

  @ApiProperty({ description: 'stored encrypted, never returned' })
  @IsString()
  @Length(1, 200)
  appSecret: string;

  @ApiProperty({ description: 'stored encrypted, never returned' })
  @IsString()
  @Length(1, 200)
  accessToken: string;

  @ApiPropertyOptional({ description: 'lets the link renew an expired access token; stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refreshToken?: string;

  @ApiProperty({ type: [ErpShopBindingDto], description: 'the shops whose paid orders go to the ERP' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ErpShopBindingDto)
  shops: ErpShopBindingDto[];

  @ApiPropertyOptional({ description: 'the ERP warehouse (wms_co_id) whose counts are ours; default: all' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'erpWarehouseId must be digits' })
  erpWarehouseId?: string;

  @ApiPropertyOptional({ description: 'our warehouse the counts land in; default: the default warehouse' })
  @IsOptional()
  @Matches(ID, { message: 'warehouseId must be a warehouse id' })
  warehouseId?: string;

  @ApiProperty({ enum: STOCK_SOURCES, description: 'erp: the ERP’s counts overwrite on hand' })
  @IsIn(STOCK_SOURCES)
  stockSource: StockSource;
}

export class SyncLogQueryDto extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'orderId must be an order id' })
  orderId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'skuId must be a SKU id' })
  skuId?: string;

  @ApiPropertyOptional({ enum: SYNC_LOG_KINDS })
  @IsOptional()
  @IsIn(SYNC_LOG_KINDS)
  kind?: SyncLogKind;
}

export class ErpDeadLetterQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['dead', 'rejected'], description: 'default: both' })
  @IsOptional()
  @IsIn(['dead', 'rejected'])
  state?: 'dead' | 'rejected';
}
