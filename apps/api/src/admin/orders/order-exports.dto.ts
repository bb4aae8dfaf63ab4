import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { OrderListQuery } from './orders.dto';

/** The list's filters, without its paging: an export covers every matching order. */
export class OrderExportQuery extends OmitType(OrderListQuery, ['limit', 'cursor'] as const) {}

export class StartOrderExportDto {
  @ApiPropertyOptional({ type: OrderExportQuery, description: 'the same filters as GET /admin/v1/orders' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderExportQuery)
  filters?: OrderExportQuery;
}
