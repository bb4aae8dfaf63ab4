import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CatalogImportsService, IMPORT_COLUMNS, ImportView } from '@tongdao/catalog';
import { RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { csvBody } from '../../http/csv-body';

/** CSV bulk import; the body parser for text/csv is mounted on this path only (bootstrap.ts). */
@ApiTags('catalog')
@Controller('admin/v1/catalog/imports')
export class ImportsController {
  constructor(private readonly imports: CatalogImportsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions('catalog.manage')
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `header ${IMPORT_COLUMNS.join(',')} (first three required); price in yuan ("128.00"); attributes as colour=红;size=L. UTF-8 or charset=gbk.`,
    schema: { type: 'string' },
  })
  @ApiAcceptedResponse({
    description: '{importId, totalRows}; poll GET /admin/v1/catalog/imports/{importId}',
  })
  start(@Ctx() ctx: RequestContext, @Body() body: unknown): Promise<{ importId: string; totalRows: number }> {
    return this.imports.start(ctx, csvBody(body));
  }

  @Get(':id')
  @RequirePermissions('catalog.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ImportView> {
    return this.imports.get(ctx, id);
  }
}
