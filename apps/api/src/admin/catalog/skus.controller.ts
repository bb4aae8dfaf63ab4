import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkuView, SkusService } from '@tongdao/catalog';
import { Page, RequestContext } from '@tongdao/kernel';
import { RequirePermissions } from '../../http/access.decorators';
import { Ctx } from '../../http/ctx.decorator';
import { SkuSearchQuery, UpdateSkuDto } from './catalog.dto';

@ApiTags('catalog')
@Controller('admin/v1/skus')
export class SkusController {
  constructor(private readonly skus: SkusService) {}

  @Get()
  @RequirePermissions('catalog.read')
  search(@Ctx() ctx: RequestContext, @Query() query: SkuSearchQuery): Promise<Page<SkuView>> {
    return this.skus.search(ctx, query);
  }

  @Get(':id')
  @RequirePermissions('catalog.read')
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<SkuView> {
    return this.skus.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermissions('catalog.manage')
  update(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: UpdateSkuDto): Promise<SkuView> {
    return this.skus.update(ctx, id, body);
  }
}
