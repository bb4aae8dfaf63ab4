import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { WarehouseService, WarehouseView } from '@tongdao/inventory';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { CreateWarehouseDto } from './inventory.dto';

@ApiTags('inventory')
@Controller('admin/v1/warehouses')
export class WarehousesController {
  constructor(private readonly warehouses: WarehouseService) {}

  @Get()
  @RequirePermissions('stock.read')
  list(@Ctx() ctx: RequestContext): Promise<WarehouseView[]> {
    return this.warehouses.list(ctx);
  }

  @Post()
  @RequirePermissions('stock.adjust')
  @ApiConflictResponse({ description: 'warehouse_code_taken' })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateWarehouseDto): Promise<WarehouseView> {
    return this.warehouses.create(ctx, body);
  }
}
