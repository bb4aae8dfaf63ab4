import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequestContext } from '@tongdao/kernel';
import { EXPORT_COLUMNS, OrderExportView, OrderExports } from '@tongdao/orders';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { OrderExportQuery, StartOrderExportDto } from './order-exports.dto';

const CSV_TYPE = 'text/csv; charset=utf-8';

/** Order desk CSV export: streamed now, or as a job for large exports (registered before `:id` routes). */
@ApiTags('orders')
@Controller('admin/v1/orders')
export class OrderExportsController {
  constructor(private readonly exports: OrderExports) {}

  @Get('export.csv')
  @RequirePermissions('order.export')
  @ApiProduces('text/csv')
  stream(
    @Ctx() ctx: RequestContext,
    @Query() query: OrderExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): StreamableFile {
    const body = this.exports.stream(ctx, { ...query });
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body, {
      type: CSV_TYPE,
      disposition: `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`,
    });
  }

  @Post('exports')
  @HttpCode(202)
  @RequirePermissions('order.export')
  @ApiAcceptedResponse({
    description: `{id, status, rowsWritten, rowsTotal, progress}; columns: ${EXPORT_COLUMNS.join(',')}`,
  })
  start(@Ctx() ctx: RequestContext, @Body() body: StartOrderExportDto): Promise<OrderExportView> {
    return this.exports.start(ctx, { ...(body.filters ?? {}) });
  }

  @Get('exports/:id')
  @RequirePermissions('order.export')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrderExportView> {
    return this.exports.get(ctx, id);
  }

  @Get('exports/:id/download')
  @RequirePermissions('order.export')
  @ApiProduces('text/csv')
  async download(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.download(ctx, id);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.body, {
      type: CSV_TYPE,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
