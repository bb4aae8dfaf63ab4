import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@tongdao/kernel';
import { MAX_SHIPMENT_ROWS, SHIPMENT_COLUMNS, ShipmentImportView, ShipmentImports } from '@tongdao/orders';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { csvBody } from '../../http/csv-body';

/** Batch shipping from a CSV; the text/csv body parser is mounted on this path (bootstrap.ts). */
@ApiTags('orders')
@Controller('admin/v1/orders/shipments')
export class ShipmentImportsController {
  constructor(private readonly imports: ShipmentImports) {}

  @Post('import')
  @HttpCode(202)
  @RequirePermissions('order.ship')
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `header from ${SHIPMENT_COLUMNS.join(',')}: order_id or external_order_id, carrier_code and tracking_no required; line_id + quantity for a partial parcel. At most ${MAX_SHIPMENT_ROWS} rows.`,
    schema: { type: 'string' },
  })
  @ApiAcceptedResponse({ description: 'the import; poll GET /admin/v1/orders/shipments/imports/{id}' })
  start(@Ctx() ctx: RequestContext, @Body() body: unknown): Promise<ShipmentImportView> {
    return this.imports.start(ctx, csvBody(body));
  }

  @Get('imports/:id')
  @RequirePermissions('order.ship')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ShipmentImportView> {
    return this.imports.get(ctx, id);
  }
}
